using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

public sealed class SchedulerNodesSpecs : SchedulerSpecBase
{
    [Fact]
    public async Task The_scheduler_lists_each_builder_with_its_capabilities_free_slots_and_running_builds()
    {
        var drv = await Drvs.AddAsync("busy-1.0");
        var busy = RegisterBuilder("x86-1", ["x86_64-linux"], slots: 2, features: ["big-parallel"]);
        RegisterBuilder("qemu-1", ["x86_64-linux"], slots: 3, emulated: [new EmulatedSystem("riscv64-linux", 5.2)]);
        SubmitAccepted(drv);
        var dispatch = busy.ExpectMsg<DispatchBuild>(Wait);

        Scheduler.Tell(new ListBuilders(ListBuilders.MaxBuilders), TestActor);
        var list = ExpectMsg<BuilderList>(Wait);

        Assert.False(list.Truncated);
        Assert.Equal(["qemu-1", "x86-1"], list.Builders.Select(b => b.Node.Value));
        var (qemu, x86) = (list.Builders[0], list.Builders[1]);
        Assert.Equal((3, 3, 0), (qemu.Capabilities.Slots, qemu.FreeSlots, qemu.Running.Count));
        Assert.Equal(new EmulatedSystem("riscv64-linux", 5.2), Assert.Single(qemu.Capabilities.EmulatedSystems));
        Assert.Equal((2, 1), (x86.Capabilities.Slots, x86.FreeSlots));
        Assert.Equal(["big-parallel"], x86.Capabilities.Features);
        var running = Assert.Single(x86.Running);
        Assert.Equal((dispatch.Lease, drv), (running.Lease, running.DrvPath));
    }

    [Fact]
    public async Task A_finished_build_frees_its_slot_in_the_builder_list()
    {
        var drv = await Drvs.AddAsync("quick-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        Finish(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1");
        AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed");

        Scheduler.Tell(new ListBuilders(1), TestActor);
        var x86 = Assert.Single(ExpectMsg<BuilderList>(Wait).Builders);

        Assert.Equal((1, 0), (x86.FreeSlots, x86.Running.Count));
    }

    [Fact]
    public void The_builder_list_is_cut_at_its_limit_and_says_so()
    {
        RegisterBuilder("a", ["x86_64-linux"]);
        RegisterBuilder("b", ["x86_64-linux"]);

        Scheduler.Tell(new ListBuilders(1), TestActor);
        var list = ExpectMsg<BuilderList>(Wait);

        Assert.True(list.Truncated);
        Assert.Equal("a", Assert.Single(list.Builders).Node.Value);
    }
}

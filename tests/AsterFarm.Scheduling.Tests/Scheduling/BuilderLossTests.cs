using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class BuilderLossTests
{
    [Fact]
    public void The_builds_of_a_lost_builder_go_back_to_ready_and_run_elsewhere()
    {
        var core = Submitted(CoreWith(Native("n1", X86), Native("n2", X86)), Drv("a"), Drv("b"));
        var started = core.Schedule(0);
        Assert.Equal(2, started.Count);
        var onFirst = started.Single(d => d.Node.Value == "n1").Derivation;

        var requeued = core.BuilderLeft(new NodeName("n1"));

        Assert.Equal([onFirst], requeued);
        Assert.Equal(DerivationState.Ready, core.Describe(onFirst)!.State);
        Assert.False(core.BuildFinished(onFirst, 30));
        var other = started.Single(d => d.Node.Value == "n2").Derivation;
        core.BuildFinished(other, 60);
        Assert.Equal("n2", core.Schedule(60).Placed(onFirst.Value));
    }

    [Fact]
    public void When_the_last_builder_of_a_system_leaves_its_work_waits_with_a_reason()
    {
        var core = Submitted(CoreWith(Native("x", X86), Native("board", Riscv)), Drv("a", Riscv), Drv("b", Riscv));
        core.Schedule(0);

        core.BuilderLeft(new NodeName("board"));

        Assert.Equal(2, core.SystemStatuses().Single(s => s.System == Riscv).Counts.NoCapableBuilder);
        Assert.Equal("no builder offers riscv64-linux", core.Describe(Id("a"))!.Reason);
    }

    [Fact]
    public void A_lost_build_is_placed_again()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"));
        core.Schedule(0);

        Assert.True(core.BuildLost(Id("a")));

        Assert.Equal(DerivationState.Ready, core.Describe(Id("a"))!.State);
        Assert.Equal("n", core.Schedule(10).Placed("a"));
    }
}

using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>The scheduler actor restarted on its journal (as when the singleton moves), leases and late results.</summary>
public sealed class SchedulerRecoverySpecs : SchedulerSpecBase
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_restarted_scheduler_recovers_its_runs_and_the_state_of_each_build()
    {
        var library = await Drvs.AddAsync("libfoo-1.0");
        var app = await Drvs.AddAsync("app-2.1", inputs: [library]);
        var riscv = await Drvs.AddAsync("hello-riscv-1.0", system: "riscv64-linux");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(app, riscv);
        Finish(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1");
        builder.ExpectMsg<DispatchBuild>(Wait);

        RestartScheduler();

        var recovered = AwaitStatus(run, s => s.State == RunState.Running, "the run to be recovered as running");
        var counts = Assert.Single(recovered.Systems, s => s.System == "x86_64-linux");
        Assert.Equal(1, counts.Done);
        Assert.Contains(recovered.Builds, b => b.DrvPath == riscv && b.State == BuildState.Waiting);
        Scheduler.Tell(new ListRuns(10), TestActor);
        Assert.Equal(run, Assert.Single(ExpectMsg<RunList>(Wait).Runs).Run);
    }

    [Fact]
    public async Task A_builder_registering_again_without_a_recovered_lease_has_it_dispatched_again_at_once()
    {
        var only = await Drvs.AddAsync("restarted-builder-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        SubmitAccepted(only);
        var first = builder.ExpectMsg<DispatchBuild>(Wait);

        RestartScheduler();
        Reregister(builder, "x86-1");

        var again = builder.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal(only, again.DrvPath);
        Assert.NotEqual(first.Lease, again.Lease);
    }

    [Fact]
    public async Task A_silent_builder_s_builds_go_to_another_builder_when_its_lease_times_out()
    {
        var only = await Drvs.AddAsync("silent-1.0");
        var silent = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(only);
        silent.ExpectMsg<DispatchBuild>(Wait);
        var alive = RegisterBuilder("x86-2", ["x86_64-linux"]);

        ExpireSilentBuilder(alive, "x86-2");

        var again = alive.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal((only, 2), (again.DrvPath, again.Attempt));
        Finish(alive, again, "x86-2");
        AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed on the other builder");
    }

}

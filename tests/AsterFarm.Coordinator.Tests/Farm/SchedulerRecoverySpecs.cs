using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Farm;

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
    public async Task A_builder_registering_again_with_its_running_lease_is_re_attached_and_not_dispatched_twice()
    {
        var only = await Drvs.AddAsync("long-build-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(only);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);

        RestartScheduler();
        Reregister(builder, "x86-1", new RunningBuild(dispatch.Lease, dispatch.DrvPath, DateTime.UtcNow));

        builder.ExpectNoMsg(Quiet);
        var running = AwaitStatus(run, s => s.Builds.Any(b => b.State == BuildState.Running), "the build to be running again");
        Assert.Equal("x86-1", Assert.Single(running.Builds).Node?.Value);
        ExpireSilentBuilder(builder, "x86-1", new RunningBuild(dispatch.Lease, dispatch.DrvPath, DateTime.UtcNow));
        builder.ExpectNoMsg(Quiet);

        Finish(builder, dispatch, "x86-1");
        AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed on the re-attached build");
    }

    [Fact]
    public async Task A_result_for_a_recovered_lease_arriving_before_its_builder_registers_again_counts_once_and_releases_dependents()
    {
        // The builder finished while the singleton moved and resends its result before registering with the new one.
        var only = await Drvs.AddAsync("finished-during-handover-1.0");
        var dependent = await Drvs.AddAsync("after-handover-1.0", inputs: [only]);
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(dependent);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);

        RestartScheduler();
        Finish(builder, dispatch, "x86-1");
        Finish(builder, dispatch, "x86-1");
        Reregister(builder, "x86-1");

        var next = builder.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal(dependent, next.DrvPath);
        builder.ExpectNoMsg(Quiet);
        Finish(builder, next, "x86-1");
        var done = AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed");
        Assert.Equal(2, Assert.Single(done.Systems).Done);
    }

    [Fact]
    public async Task A_lease_no_builder_claims_after_a_restart_is_dispatched_again_when_it_expires()
    {
        var only = await Drvs.AddAsync("orphan-1.0");
        var lost = RegisterBuilder("x86-1", ["x86_64-linux"]);
        SubmitAccepted(only);
        var first = lost.ExpectMsg<DispatchBuild>(Wait);

        RestartScheduler();
        var other = RegisterBuilder("x86-2", ["x86_64-linux"]);
        other.ExpectNoMsg(Quiet);
        ExpireSilentBuilder(other, "x86-2");

        var again = other.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal((only, 2), (again.DrvPath, again.Attempt));
        Assert.NotEqual(first.Lease, again.Lease);
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

    [Fact]
    public async Task A_late_result_of_an_expired_lease_counts_once_even_across_a_restart()
    {
        var only = await Drvs.AddAsync("late-1.0");
        var dependent = await Drvs.AddAsync("after-late-1.0", inputs: [only]);
        var silent = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(dependent);
        var expired = silent.ExpectMsg<DispatchBuild>(Wait);
        var alive = RegisterBuilder("x86-2", ["x86_64-linux"]);
        ExpireSilentBuilder(alive, "x86-2");
        var retry = alive.ExpectMsg<DispatchBuild>(Wait);
        var follower = CreateTestProbe();
        Scheduler.Tell(new SubscribeRun(run), follower.Ref);
        follower.ExpectMsg<RunStatus>(Wait);

        Finish(silent, expired, "x86-1");
        var built = follower.ExpectMsg<RunBuildEvent>(Wait);
        Assert.Equal((only, BuildState.Built), (built.Build.DrvPath, built.Build.State));
        Assert.Equal(retry.Lease, alive.ExpectMsg<CancelBuild>(Wait).Lease);
        Finish(alive, retry, "x86-2");
        var next = alive.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal(dependent, next.DrvPath);
        Assert.Equal(BuildState.Running, follower.ExpectMsg<RunBuildEvent>(Wait).Build.State);

        Finish(alive, retry, "x86-2");
        Finish(silent, expired, "x86-1");
        follower.ExpectNoMsg(Quiet);
        RestartScheduler();
        Finish(silent, expired, "x86-1");
        Finish(alive, retry, "x86-2");
        Reregister(alive, "x86-2", new RunningBuild(next.Lease, next.DrvPath, DateTime.UtcNow));
        Finish(alive, next, "x86-2");

        var done = AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed");
        Assert.Equal(2, Assert.Single(done.Systems).Done);
        alive.ExpectNoMsg(Quiet);
    }
}

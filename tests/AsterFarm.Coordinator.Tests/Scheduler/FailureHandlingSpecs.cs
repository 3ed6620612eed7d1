using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

public sealed class FailureHandlingSpecs : SchedulerSpecBase
{
    public FailureHandlingSpecs()
        : base(new FarmOptions { ScheduleInterval = TimeSpan.FromMilliseconds(100), MaxInfrastructureAttempts = 2, RetryBackoff = TimeSpan.FromSeconds(2) })
    {
    }

    [Fact]
    public async Task Too_many_infrastructure_failures_fail_the_derivation_without_caching_it()
    {
        var drv = await Drvs.AddAsync("crashy-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        Fail(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1", FailureClass.Infrastructure, "QEMU died with signal 11");
        AwaitStatus(run, s => s.Builds.Any(b => b.State == BuildState.Waiting), "the build to wait for its retry");
        Clock.Advance(TimeSpan.FromSeconds(2));
        Fail(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1", FailureClass.Infrastructure, "QEMU died with signal 11");

        var failed = AwaitStatus(run, s => s.State == RunState.Failed, "the run to fail");
        Assert.Equal("failed 2 times for infrastructure reasons; last: QEMU died with signal 11", Assert.Single(failed.Builds).Reason);
        Assert.Equal(2, failed.Attempts!.Count);

        SubmitAccepted(drv);
        Assert.Equal(drv, builder.ExpectMsg<DispatchBuild>(Wait).DrvPath);
    }

    [Fact]
    public async Task Rebuilding_a_failure_of_a_run_still_going_does_not_count_it_twice_in_that_run()
    {
        var broken = await Drvs.AddAsync("broken-4.0");
        var slow = await Drvs.AddAsync("slow-4.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"], slots: 2);
        var first = SubmitAccepted(broken, slow);
        var dispatches = new[] { builder.ExpectMsg<DispatchBuild>(Wait), builder.ExpectMsg<DispatchBuild>(Wait) };
        Fail(builder, dispatches.Single(d => d.DrvPath == broken), "x86-1", FailureClass.Build, "builder exited with code 2");
        AwaitStatus(first, s => s.Builds.Any(b => b.State == BuildState.Failed), "the failure in the first run");

        var again = SubmitAccepted(new RunOptions(RebuildFailed: true, KeepGoing: true), broken);
        Finish(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1");
        AwaitStatus(again, s => s.State == RunState.Succeeded, "the rebuild to succeed");

        Assert.Equal(RunState.Running, StatusOf(first).State);
        Finish(builder, dispatches.Single(d => d.DrvPath == slow), "x86-1");
        AwaitStatus(first, s => s.State == RunState.Failed, "the first run to end failed");
    }

    [Fact]
    public async Task A_cached_build_failure_expires()
    {
        var broken = await Drvs.AddAsync("broken-3.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var first = SubmitAccepted(broken);
        Fail(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1", FailureClass.Build, "hash mismatch");
        AwaitStatus(first, s => s.State == RunState.Failed, "the first run to fail");

        Clock.Advance(new FarmOptions().FailureCacheTtl);
        SubmitAccepted(broken);

        Assert.Equal(broken, builder.ExpectMsg<DispatchBuild>(Wait).DrvPath);
    }

    [Fact]
    public async Task A_refusal_is_placed_elsewhere_and_not_counted_as_an_attempt()
    {
        var drv = await Drvs.AddAsync("picky-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        for (var i = 0; i < 3; i++)
        {
            Fail(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1", FailureClass.Refused, "no free slot");
            AwaitStatus(run, s => s.Builds.Any(b => b.State == BuildState.Waiting), "the build to wait");
            Clock.Advance(TimeSpan.FromSeconds(2));
        }

        Finish(builder, builder.ExpectMsg<DispatchBuild>(Wait), "x86-1");
        AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed");
    }

}

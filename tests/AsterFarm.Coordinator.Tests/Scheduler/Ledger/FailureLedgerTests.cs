using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Ledger;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Tests.Scheduler.Ledger.LedgerHarness;

namespace AsterFarm.Coordinator.Tests.Scheduler.Ledger;

/// <summary>Failed tries through the ledger: retries after a back-off, remembered build failures.</summary>
public sealed class FailureLedgerTests
{
    [Fact]
    public void Scheduler_retries_on_another_builder_after_backoff_when_a_node_fails_and_reports_the_attempt()
    {
        var farm = new LedgerHarness(new FarmOptions { MaxInfrastructureAttempts = 2, RetryBackoff = TimeSpan.FromSeconds(2) });
        var drv = Drv("flaky-1.0");
        farm.Register("x86-1");
        var run = farm.Submit(drv);
        var dispatch = farm.Dispatch("x86-1");
        farm.Register("x86-2");

        farm.Fail(dispatch, "x86-1", FailureClass.Infrastructure, "out of disk space");

        var waiting = Assert.Single(farm.StatusOf(run).Builds);
        Assert.Equal((BuildState.Waiting, WaitCause.RetryBackoff), (waiting.State, waiting.Wait));
        Assert.Equal("retrying in 2 s after: out of disk space", waiting.Reason);
        farm.Do(LedgerCommand.Tick.Instance);
        Assert.Empty(farm.Take("x86-2"));
        farm.Advance(TimeSpan.FromSeconds(2));
        farm.Do(LedgerCommand.Tick.Instance);
        var retry = farm.Dispatch("x86-2");
        Assert.Equal((PathOf(drv), 2), (retry.DrvPath, retry.Attempt));
        Assert.Empty(farm.Take("x86-1"));
        farm.Finish(retry, "x86-2");

        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Succeeded, done.State);
        var attempt = Assert.Single(done.Attempts!);
        Assert.Equal((PathOf(drv), 1, "x86-1", FailureClass.Infrastructure, "out of disk space"), (attempt.DrvPath, attempt.Attempt, attempt.Node.Value, attempt.Class, attempt.Reason));
    }

    [Fact]
    public void A_build_failure_is_cached_so_a_later_run_fails_it_at_once_unless_it_rebuilds_failures()
    {
        var farm = new LedgerHarness();
        var broken = Drv("broken-2.0");
        var top = Drv("top-2.0", broken);
        farm.Register("x86-1");
        var first = farm.Submit(broken, top);
        farm.Fail(farm.Dispatch("x86-1"), "x86-1", FailureClass.Build, "builder exited with code 2");
        Assert.Equal(RunState.Failed, farm.StatusOf(first).State);

        var later = farm.Submit(broken, top);

        var failed = farm.StatusOf(later);
        Assert.Equal(RunState.Failed, failed.State);
        Assert.Empty(farm.Take("x86-1"));
        var cached = failed.Builds.Single(b => b.DrvPath == PathOf(broken));
        Assert.Equal("cached failure from 2025-01-01 00:00:00Z: builder exited with code 2", cached.Reason);
        Assert.Equal(BuildState.DependencyFailed, failed.Builds.Single(b => b.DrvPath == PathOf(top)).State);

        var rebuild = farm.Submit(new RunOptions(RebuildFailed: true, KeepGoing: true), broken, top);
        Assert.Equal(PathOf(broken), farm.Dispatch("x86-1").DrvPath);
        Assert.Equal(RunState.Running, farm.StatusOf(rebuild).State);
    }
}

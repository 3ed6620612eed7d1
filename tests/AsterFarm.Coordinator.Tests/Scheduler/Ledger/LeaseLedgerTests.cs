using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Tests.Scheduler.Ledger.LedgerHarness;

namespace AsterFarm.Coordinator.Tests.Scheduler.Ledger;

/// <summary>
/// Leases through the ledger: a scheduler restarted on its journal, builders that register again, go silent, come
/// back from a partition, and results that arrive late. What is not sent is asserted as plainly as what is.
/// </summary>
public sealed class LeaseLedgerTests
{
    [Fact]
    public void A_builder_registering_again_with_its_running_lease_is_re_attached_and_not_dispatched_twice()
    {
        var farm = new LedgerHarness();
        var only = Drv("long-build-1.0");
        farm.Register("x86-1");
        var run = farm.Submit(only);
        var dispatch = farm.Dispatch("x86-1");

        farm.Restart();
        farm.Register("x86-1", running: Running(dispatch));

        Assert.Empty(farm.Dispatches("x86-1"));
        var running = farm.StatusOf(run);
        Assert.Equal(("x86-1", BuildState.Running), (Assert.Single(running.Builds).Node?.Value, running.Builds[0].State));
        farm.ExpireSilentBuilder("x86-1", Running(dispatch));
        Assert.Empty(farm.Dispatches("x86-1"));

        farm.Finish(dispatch, "x86-1");
        Assert.Equal(RunState.Succeeded, farm.StatusOf(run).State);
    }

    [Fact]
    public void A_result_for_a_recovered_lease_arriving_before_its_builder_registers_again_counts_once_and_releases_dependents()
    {
        // The builder finished while the singleton moved and resends its result before registering with the new one.
        var farm = new LedgerHarness();
        var only = Drv("finished-during-handover-1.0");
        var dependent = Drv("after-handover-1.0", only);
        farm.Register("x86-1");
        var run = farm.Submit(only, dependent);
        var dispatch = farm.Dispatch("x86-1");

        farm.Restart();
        farm.Finish(dispatch, "x86-1");
        farm.Finish(dispatch, "x86-1");
        farm.Register("x86-1");

        var next = farm.Dispatch("x86-1");
        Assert.Equal(PathOf(dependent), next.DrvPath);
        farm.Finish(next, "x86-1");
        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(2, Assert.Single(done.Systems).Done);
        Assert.Empty(farm.Take("x86-1"));
    }

    [Fact]
    public void A_lease_no_builder_claims_after_a_restart_is_dispatched_again_when_it_expires()
    {
        var farm = new LedgerHarness();
        var only = Drv("orphan-1.0");
        farm.Register("x86-1");
        farm.Submit(only);
        var first = farm.Dispatch("x86-1");

        farm.Restart();
        farm.Register("x86-2");
        Assert.Empty(farm.Take("x86-2"));
        farm.ExpireSilentBuilder("x86-2");

        var again = farm.Dispatch("x86-2");
        Assert.Equal((PathOf(only), 2), (again.DrvPath, again.Attempt));
        Assert.NotEqual(first.Lease, again.Lease);
    }

    [Fact]
    public void A_late_result_of_an_expired_lease_counts_once_even_across_a_restart()
    {
        var farm = new LedgerHarness();
        var only = Drv("late-1.0");
        var dependent = Drv("after-late-1.0", only);
        farm.Register("x86-1");
        var run = farm.Submit(only, dependent);
        var expired = farm.Dispatch("x86-1");
        farm.Register("x86-2");
        farm.ExpireSilentBuilder("x86-2");
        var retry = farm.Dispatch("x86-2");
        farm.RunEvents.Clear();

        farm.Finish(expired, "x86-1");
        var built = farm.RunEvents[0];
        Assert.Equal((PathOf(only), BuildState.Built), (built.Build.DrvPath, built.Build.State));
        var sent = farm.Take("x86-2");
        Assert.Equal(retry.Lease, Assert.IsType<CancelBuild>(sent[0]).Lease);
        Assert.Single(sent);
        farm.Finish(retry, "x86-2");
        var next = farm.Dispatch("x86-2");
        Assert.Equal(PathOf(dependent), next.DrvPath);
        Assert.Equal(BuildState.Running, farm.RunEvents[^1].Build.State);
        var events = farm.RunEvents.Count;

        farm.Finish(retry, "x86-2");
        farm.Finish(expired, "x86-1");
        Assert.Equal(events, farm.RunEvents.Count);
        farm.Restart();
        farm.Finish(expired, "x86-1");
        farm.Finish(retry, "x86-2");
        farm.Register("x86-2", running: Running(next));
        farm.Finish(next, "x86-2");

        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Equal(2, Assert.Single(done.Systems).Done);
        Assert.Empty(farm.Take("x86-2"));
    }

    [Fact]
    public void A_lease_named_in_every_heartbeat_outlives_the_lease_timeout()
    {
        var farm = new LedgerHarness();
        var drv = Drv("long-running-1.0");
        farm.Register("x86-1");
        var run = farm.Submit(drv);
        var dispatch = farm.Dispatch("x86-1");

        farm.ExpireSilentBuilder("x86-1", Running(dispatch));
        farm.ExpireSilentBuilder("x86-1", Running(dispatch));

        Assert.Empty(farm.Take("x86-1"));
        farm.Finish(dispatch, "x86-1");
        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Empty(done.Attempts ?? []);
    }

    [Fact]
    public void A_builder_back_from_a_partition_is_sent_no_work_until_its_expired_build_ends()
    {
        var later = Drv("later-1.0");
        var (farm, _, old, retry) = CutOffMidBuild(Drv("cut-off-1.0"));
        Assert.Equal(2, retry.Attempt);

        farm.Register("x86-1", running: Running(old));
        var run = farm.Submit(later);

        Assert.Empty(farm.Take("x86-1"));
        Assert.Contains(farm.StatusOf(run).Builds, b => b.DrvPath == PathOf(later) && b.State == BuildState.Waiting);
        farm.Heartbeat("x86-1", Running(old));
        Assert.Empty(farm.Take("x86-1"));

        farm.Heartbeat("x86-1");

        Assert.Equal(PathOf(later), farm.Dispatch("x86-1").DrvPath);
    }

    [Fact]
    public void The_first_of_two_results_for_a_re_dispatched_build_counts_once_and_stops_the_other()
    {
        var cut = Drv("raced-1.0");
        var (farm, run, old, retry) = CutOffMidBuild(cut);
        farm.Register("x86-1", running: Running(old));
        farm.RunEvents.Clear();

        farm.Finish(old, "x86-1");

        var built = Assert.Single(farm.RunEvents);
        Assert.Equal((PathOf(cut), BuildState.Built), (built.Build.DrvPath, built.Build.State));
        Assert.Equal(retry.Lease, Assert.IsType<CancelBuild>(Assert.Single(farm.Take("x86-2"))).Lease);
        farm.Finish(retry, "x86-2");
        farm.Finish(old, "x86-1");
        Assert.Equal(RunState.Succeeded, Assert.Single(farm.Ended).State);
        Assert.Single(farm.RunEvents);
        Assert.Equal(1, Assert.Single(farm.StatusOf(run).Systems).Done);
    }

    [Fact]
    public void The_build_placed_again_keeps_its_slot_until_its_builder_reports_it_stopped()
    {
        var next = Drv("next-1.0");
        var (farm, _, old, retry) = CutOffMidBuild(Drv("stopped-1.0"));
        farm.Register("x86-1", running: Running(old));
        farm.Finish(old, "x86-1");
        Assert.IsType<CancelBuild>(Assert.Single(farm.Take("x86-2")));
        farm.Leave("x86-1");

        farm.Submit(next);

        // The only builder left is still stopping the superseded build: it would refuse the next one.
        Assert.Empty(farm.Take("x86-2"));
        farm.Fail(retry, "x86-2", FailureClass.Infrastructure, "cancelled");
        Assert.Equal(PathOf(next), farm.Dispatch("x86-2").DrvPath);
    }

    [Fact]
    public void A_builder_registering_with_new_capabilities_keeps_the_builds_it_reports_under_its_leases()
    {
        var farm = new LedgerHarness();
        var kept = Drv("kept-1.0");
        farm.Register("x86-1");
        var run = farm.Submit(kept);
        var dispatch = farm.Dispatch("x86-1");

        farm.Register("x86-1", slots: 2, running: Running(dispatch));

        Assert.Empty(farm.Take("x86-1"));
        farm.Finish(dispatch, "x86-1");
        var done = farm.StatusOf(run);
        Assert.Equal(RunState.Succeeded, done.State);
        Assert.Empty(done.Attempts ?? []);
    }

    /// <summary>
    /// x86-1 takes <paramref name="drv"/>, then goes silent past the lease timeout while x86-2 heartbeats: the build is
    /// placed again on x86-2, and x86-1's next heartbeat is answered as from a node the scheduler no longer knows.
    /// </summary>
    private static (LedgerHarness Farm, Shared.Protocol.RunId Run, DispatchBuild Old, DispatchBuild Retry) CutOffMidBuild(AsterFarm.Scheduling.Graph.DerivationSpec drv)
    {
        var farm = new LedgerHarness();
        farm.Register("x86-1");
        var run = farm.Submit(drv);
        var old = farm.Dispatch("x86-1");
        farm.Register("x86-2");
        farm.ExpireSilentBuilder("x86-2");
        var retry = farm.Dispatch("x86-2");
        Assert.Equal(PathOf(drv), retry.DrvPath);
        farm.Replies.Clear();
        farm.Heartbeat("x86-1", Running(old));
        Assert.IsType<BuilderUnknown>(Assert.Single(farm.Replies));
        return (farm, run, old, retry);
    }
}

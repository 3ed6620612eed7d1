using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using static AsterFarm.Coordinator.Tests.Scheduler.Persistence.PersistedSamples;

namespace AsterFarm.Coordinator.Tests.Scheduler.Persistence;

/// <summary>The durable state's fold and its lease rules, without actors.</summary>
public sealed class SchedulerStateTests
{
    private static readonly LeaseId Second = new(Guid.Parse("11111111-2222-3333-4444-555555555555"));

    [Fact]
    public void A_dispatched_lease_is_current_and_its_result_counts()
    {
        var state = Dispatched(Lease);

        Assert.Equal(LeaseVerdict.Current, state.Judge(Lease, Drv));
        Assert.Equal(1, state.Progress[Drv].Attempts);
    }

    [Fact]
    public void An_expired_lease_may_report_late_once_while_its_derivation_is_unfinished()
    {
        var state = Dispatched(Lease);
        state.Apply(Retried(Lease, "builder silent", mayStillReport: true));
        state.Apply(new BuildDispatched(Second, Drv, "x86-2", 2, At));

        Assert.Equal(LeaseVerdict.Late, state.Judge(Lease, Drv));
        state.Apply(new BuildSucceeded(Lease, Drv, "x86-1", At, null));

        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Drv));
        Assert.Equal(LeaseVerdict.Stale, state.Judge(Second, Drv));
        Assert.Empty(state.Leases);
        Assert.Empty(state.Expired);
    }

    [Fact]
    public void A_lease_ended_by_a_retry_or_a_restarted_builder_never_counts_again()
    {
        var state = Dispatched(Lease);

        state.Apply(Retried(Lease, "refused", mayStillReport: false));

        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Drv));
        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Dependency));
    }

    [Fact]
    public void A_failure_for_good_ends_every_lease_of_the_derivation()
    {
        var state = Dispatched(Lease);
        state.Apply(new BuildTryFailed(Lease, Drv, "x86-1", 1, FailureClass.Build, "exit 1", "exit 1", Final: true, CacheFailure: true, MayStillReport: false, At));

        Assert.Equal("exit 1", state.Progress[Drv].Failure);
        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Drv));
        Assert.Equal("exit 1", state.CachedFailures[Drv].Reason);
        Assert.Equal(FailureClass.Build, Assert.Single(state.Attempts[Drv]).Class);
    }

    [Fact]
    public void Infrastructure_failures_count_towards_the_retry_limit_until_the_derivation_is_built()
    {
        var state = Dispatched(Lease);
        state.Apply(Retried(Lease, "node lost", mayStillReport: false));
        state.Apply(new BuildDispatched(Second, Drv, "x86-2", 2, At));
        state.Apply(Retried(Second, "node lost", mayStillReport: false));

        Assert.Equal(2, state.InfrastructureFailures[Drv]);
        Assert.Equal([1, 2], state.Attempts[Drv].Select(a => a.Attempt));
        state.Apply(new BuildSucceeded(Second, Drv, "x86-3", At, null));
        Assert.False(state.InfrastructureFailures.ContainsKey(Drv));
    }

    [Fact]
    public void Replaying_the_same_events_gives_the_same_state_and_submissions_are_not_duplicated()
    {
        var events = PersistedSamples.Full().OfType<ISchedulerEvent>().ToList();
        var once = new SchedulerState();
        var twice = new SchedulerState();
        events.ForEach(once.Apply);
        events.ForEach(twice.Apply);
        events.ForEach(twice.Apply);

        Assert.Single(twice.Runs);
        Assert.Equal([Drv, Dependency], twice.Runs[0].Roots.Distinct());
        Assert.Equal(events.Count, once.Applied);
        Assert.Equal("operator", once.Runs[0].CancelledReason);
        Assert.Single(once.Durations);
    }

    private static BuildTryFailed Retried(LeaseId lease, string reason, bool mayStillReport) =>
        new(lease, Drv, "x86-1", lease == Lease ? 1 : 2, FailureClass.Infrastructure, reason, "retrying after: " + reason, Final: false, CacheFailure: false, mayStillReport, At);

    private static SchedulerState Dispatched(LeaseId lease)
    {
        var state = new SchedulerState();
        state.Apply(new BuildDispatched(lease, Drv, "x86-1", 1, At));
        return state;
    }
}

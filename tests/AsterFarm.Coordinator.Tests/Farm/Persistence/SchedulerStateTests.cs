using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Farm.Persistence.Events;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using static AsterFarm.Coordinator.Tests.Farm.Persistence.PersistedSamples;

namespace AsterFarm.Coordinator.Tests.Farm.Persistence;

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
        state.Apply(new BuildRequeued(Lease, Drv, "builder silent", At, MayStillReport: true));
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

        state.Apply(new BuildRequeued(Lease, Drv, "retrying", At, MayStillReport: false));

        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Drv));
        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Dependency));
    }

    [Fact]
    public void A_failure_for_good_ends_every_lease_of_the_derivation()
    {
        var state = Dispatched(Lease);
        state.Apply(new BuildFailedForGood(Lease, Drv, "x86-1", FailureClass.Build, "exit 1", At));

        Assert.Equal("exit 1", state.Progress[Drv].Failure);
        Assert.Equal(LeaseVerdict.Stale, state.Judge(Lease, Drv));
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

    private static SchedulerState Dispatched(LeaseId lease)
    {
        var state = new SchedulerState();
        state.Apply(new BuildDispatched(lease, Drv, "x86-1", 1, At));
        return state;
    }
}

using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Coordinator.Tests.Scheduler;

public sealed class FailureCacheTests
{
    private static readonly DerivationId Drv = new("0c7c58ai8yly6ggqb0awdqxdbn0afrna-hello-2.12.1.drv");
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_build_failure_is_remembered_until_it_expires()
    {
        var state = StateWithFailure("builder exited with code 2");

        Assert.Equal(
            "cached failure from 2025-06-01 12:00:00Z: builder exited with code 2",
            FailureCache.Find(state.CachedFailures, Drv, At.AddHours(23), TimeSpan.FromHours(24))!.Describe());
        Assert.Null(FailureCache.Find(state.CachedFailures, Drv, At.AddHours(24), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void A_derivation_built_after_all_is_forgotten()
    {
        var state = StateWithFailure("hash mismatch");

        state.Apply(new BuildSucceeded(LeaseId.New(), Drv.Value, "x86-1", At.UtcDateTime, null));

        Assert.Null(FailureCache.Find(state.CachedFailures, Drv, At, TimeSpan.FromHours(24)));
    }

    [Fact]
    public void A_zero_expiry_remembers_nothing()
    {
        var state = StateWithFailure("hash mismatch");

        Assert.Null(FailureCache.Find(state.CachedFailures, Drv, At, TimeSpan.Zero));
    }

    /// <summary>The durable state after a final build failure of <see cref="Drv"/> that is to be remembered.</summary>
    private static SchedulerState StateWithFailure(string reason)
    {
        var state = new SchedulerState();
        var lease = LeaseId.New();
        state.Apply(new BuildDispatched(lease, Drv.Value, "x86-1", 1, At.UtcDateTime));
        state.Apply(new BuildTryFailed(lease, Drv.Value, "x86-1", 1, Shared.Protocol.Builds.FailureClass.Build, reason, reason, true, true, false, At.UtcDateTime));
        return state;
    }
}

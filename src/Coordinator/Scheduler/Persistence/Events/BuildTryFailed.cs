using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>
/// A try of a derivation ended without a result that counts: the builder reported a failure, left, went silent past
/// the lease timeout, or did not claim the build after the scheduler moved. The retry policy's decision is recorded
/// with it (retried, or failed for good and possibly cached), so recovery does not decide again.
/// </summary>
/// <param name="Lease">The lease that ended.</param>
/// <param name="Derivation">Its derivation.</param>
/// <param name="Node">The builder it was leased to.</param>
/// <param name="Attempt">Which try it was.</param>
/// <param name="Class">The failure class (infrastructure for lost, silent and unclaimed builds).</param>
/// <param name="Reason">What went wrong, as the run report's attempt list shows it.</param>
/// <param name="Outcome">The decision's reason: the retry's wait, or why the derivation failed.</param>
/// <param name="Final">The derivation failed for good (its dependents fail as "dependency failed").</param>
/// <param name="CacheFailure">The failure is remembered for later runs (a build failure).</param>
/// <param name="MayStillReport">The build may still be running (the builder went silent): one late result of this lease counts.</param>
/// <param name="AtUtc">When.</param>
/// <param name="RetryAfter">For a retry, the wait before the derivation is placed again (added later: null in older journals).</param>
/// <param name="Reported">The builder reported the failure itself (added later: false in older journals).</param>
[MessagePackObject]
public sealed record BuildTryFailed(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Derivation,
    [property: Key(2)] string Node,
    [property: Key(3)] int Attempt,
    [property: Key(4)] FailureClass Class,
    [property: Key(5)] string Reason,
    [property: Key(6)] string Outcome,
    [property: Key(7)] bool Final,
    [property: Key(8)] bool CacheFailure,
    [property: Key(9)] bool MayStillReport,
    [property: Key(10)] DateTime AtUtc,
    [property: Key(11)] TimeSpan? RetryAfter = null,
    [property: Key(12)] bool Reported = false) : ISchedulerEvent;

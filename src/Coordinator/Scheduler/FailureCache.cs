using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Scheduling.Identifiers;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// Build failures remembered for <see cref="FarmOptions.FailureCacheTtl"/>, so that a later run does not build a
/// derivation that just failed again (unless it asks to rebuild failures). The remembered failures are the durable
/// state's (<see cref="SchedulerState.CachedFailures"/>); this reads them with their expiry.
/// </summary>
internal static class FailureCache
{
    /// <summary>The failure of <paramref name="id"/> if it is younger than <paramref name="ttl"/> at <paramref name="now"/>.</summary>
    public static CachedFailure? Find(IReadOnlyDictionary<string, PersistedFailure> remembered, DerivationId id, DateTimeOffset now, TimeSpan ttl)
    {
        ArgumentNullException.ThrowIfNull(remembered);
        if (!remembered.TryGetValue(id.Value, out var failure))
        {
            return null;
        }

        var at = new DateTimeOffset(failure.AtUtc, TimeSpan.Zero);
        return now - at < ttl ? new CachedFailure(failure.Reason, at) : null;
    }
}

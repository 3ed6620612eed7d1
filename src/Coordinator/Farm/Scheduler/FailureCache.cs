using AsterFarm.Coordinator.Scheduling.Identifiers;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>
/// Build failures remembered for <see cref="FarmOptions.FailureCacheTtl"/>, so that a later run does not build a
/// derivation that just failed again (unless it asks to rebuild failures). Its state is plain data (<see cref="Entries"/>).
/// </summary>
internal sealed class FailureCache(TimeSpan ttl)
{
    private readonly Dictionary<DerivationId, CachedFailure> _entries = [];

    /// <summary>Every remembered failure, expired ones included until looked up.</summary>
    public IReadOnlyDictionary<DerivationId, CachedFailure> Entries => _entries;

    public void Record(DerivationId id, string reason, DateTimeOffset at)
    {
        if (ttl > TimeSpan.Zero)
        {
            _entries[id] = new CachedFailure(reason, at);
        }
    }

    /// <summary>The failure of <paramref name="id"/> if it is younger than the expiry at <paramref name="now"/>; an expired one is dropped.</summary>
    public CachedFailure? Find(DerivationId id, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(id, out var failure))
        {
            return null;
        }

        if (now - failure.At < ttl)
        {
            return failure;
        }

        _entries.Remove(id);
        return null;
    }

    /// <summary>The derivation was built after all (a run asked to rebuild it).</summary>
    public void Forget(DerivationId id) => _entries.Remove(id);
}

using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>What a garbage collection keeps.</summary>
public sealed record GarbageCollectionPolicy
{
    /// <summary>Paths whose closures are never evicted (e.g. the outputs of the last N runs of a jobset).</summary>
    public IReadOnlyCollection<StorePath> Roots { get; init; } = [];

    /// <summary>Evict least-recently-used paths until the cache is at most this many bytes; null: no cap.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>
    /// NAR files no narinfo names are deleted once older than this. An upload sends the NAR before its narinfo, so a
    /// fresh orphan is usually an upload in progress. Default one hour.
    /// </summary>
    public TimeSpan OrphanNarGracePeriod { get; init; } = TimeSpan.FromHours(1);
}

namespace AsterFarm.Shared.BinaryCache;

/// <summary>What a garbage collection removed.</summary>
/// <param name="EvictedHashParts">The paths evicted, in order.</param>
/// <param name="DeletedNarFiles">NAR files deleted (of evicted paths, or orphans past the grace period).</param>
/// <param name="FreedBytes">Bytes of narinfos and NAR files deleted.</param>
/// <param name="RemainingBytes">Bytes of narinfos and NAR files still stored.</param>
/// <param name="ShortfallBytes">
/// How far the cache stays above the size cap because everything left is kept by the roots' closures (or referred to by
/// what is): the collection would have had to remove a rooted path to reach the cap, and did not. 0 when the cap is met.
/// </param>
public sealed record GarbageCollectionResult(IReadOnlyList<string> EvictedHashParts, int DeletedNarFiles, long FreedBytes, long RemainingBytes, long ShortfallBytes = 0);

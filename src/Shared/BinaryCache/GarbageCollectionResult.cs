namespace AsterFarm.Shared.BinaryCache;

/// <summary>What a garbage collection removed.</summary>
/// <param name="EvictedHashParts">The paths evicted, in order.</param>
/// <param name="DeletedNarFiles">NAR files deleted (of evicted paths, or orphans past the grace period).</param>
/// <param name="FreedBytes">Bytes of narinfos and NAR files deleted.</param>
/// <param name="RemainingBytes">Bytes of narinfos and NAR files still stored.</param>
public sealed record GarbageCollectionResult(IReadOnlyList<string> EvictedHashParts, int DeletedNarFiles, long FreedBytes, long RemainingBytes);

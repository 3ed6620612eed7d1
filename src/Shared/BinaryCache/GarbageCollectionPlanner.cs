namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Decides what garbage collection evicts, as a pure function of the stored entries. Kept: the closures of the roots
/// (following References). Then, while the total exceeds the size cap, the least recently used path that no remaining
/// path refers to is evicted. Evicting only such "tops" means a path is never removed while something still stored
/// refers to it, so every remaining narinfo keeps its whole closure substitutable.
/// </summary>
public static class GarbageCollectionPlanner
{
    /// <summary>The hash parts to evict, in eviction order.</summary>
    /// <param name="entries">Every stored path.</param>
    /// <param name="roots">Hash parts whose closures must be kept (roots absent from the cache are ignored).</param>
    /// <param name="maxBytes">The size cap; null evicts nothing (only roots' closures matter then for nothing).</param>
    public static IReadOnlyList<string> Plan(IReadOnlyCollection<CacheEntry> entries, IEnumerable<string> roots, long? maxBytes)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(roots);
        var byHash = entries.ToDictionary(e => e.HashPart, StringComparer.Ordinal);
        var total = entries.Sum(e => e.Bytes);
        if (maxBytes is not { } cap || total <= cap)
        {
            return [];
        }

        var kept = Closure(byHash, roots);
        var referrers = byHash.Keys.ToDictionary(h => h, _ => 0, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            foreach (var reference in entry.References.Where(r => r != entry.HashPart && byHash.ContainsKey(r)).Distinct(StringComparer.Ordinal))
            {
                referrers[reference]++;
            }
        }

        var candidates = new PriorityQueue<CacheEntry, (DateTimeOffset, string)>();
        foreach (var entry in entries.Where(e => referrers[e.HashPart] == 0 && !kept.Contains(e.HashPart)))
        {
            candidates.Enqueue(entry, (entry.LastAccess, entry.HashPart));
        }

        var evicted = new List<string>();
        while (total > cap && candidates.TryDequeue(out var victim, out _))
        {
            evicted.Add(victim.HashPart);
            total -= victim.Bytes;
            foreach (var reference in victim.References.Where(r => r != victim.HashPart && byHash.ContainsKey(r)).Distinct(StringComparer.Ordinal))
            {
                if (--referrers[reference] == 0 && !kept.Contains(reference))
                {
                    var freed = byHash[reference];
                    candidates.Enqueue(freed, (freed.LastAccess, freed.HashPart));
                }
            }
        }

        return evicted;
    }

    /// <summary>The hash parts reachable from <paramref name="roots"/> through References, among the stored entries.</summary>
    public static HashSet<string> Closure(IReadOnlyDictionary<string, CacheEntry> entries, IEnumerable<string> roots)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(roots);
        var closure = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots.Where(entries.ContainsKey));
        while (pending.TryPop(out var hashPart))
        {
            if (closure.Add(hashPart))
            {
                foreach (var reference in entries[hashPart].References.Where(entries.ContainsKey))
                {
                    pending.Push(reference);
                }
            }
        }

        return closure;
    }
}

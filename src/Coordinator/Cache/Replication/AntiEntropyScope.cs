namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Pure: which keys two nodes compare. A pair compares the keys both replicate (so digests agree in steady state even
/// when R is below the member count); keys a node holds without being their replica (a write it took for others, or
/// a range that moved away) are offered to their replicas directly.
/// </summary>
public static class AntiEntropyScope
{
    /// <summary>The hash parts, among <paramref name="held"/>, that both <paramref name="self"/> and <paramref name="peer"/> replicate.</summary>
    public static IReadOnlyList<string> Shared(HashRing ring, int replicas, CacheMember self, CacheMember peer, IEnumerable<string> held)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(held);
        return [.. held.Where(h =>
        {
            var preferred = ring.PreferenceList(h, replicas);
            return preferred.Any(m => m.Id == self.Id) && preferred.Any(m => m.Id == peer.Id);
        })];
    }

    /// <summary>For each member, the hash parts it replicates that <paramref name="self"/> holds but does not replicate.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Handoffs(HashRing ring, int replicas, CacheMember self, IEnumerable<string> held)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(held);
        var handoffs = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var hashPart in held)
        {
            var preferred = ring.PreferenceList(hashPart, replicas);
            if (preferred.Any(m => m.Id == self.Id))
            {
                continue;
            }

            foreach (var member in preferred)
            {
                if (!handoffs.TryGetValue(member.Id, out var list))
                {
                    handoffs[member.Id] = list = [];
                }

                list.Add(hashPart);
            }
        }

        return handoffs.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
    }
}

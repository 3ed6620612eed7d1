namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>What moves when the membership changes: pure, for tests and for logging how much a change re-replicates.</summary>
public static class PlacementChange
{
    /// <summary>The keys of <paramref name="hashParts"/> whose replica set differs between the rings, with what changed.</summary>
    public static IReadOnlyList<PlacementMove> Compute(HashRing before, HashRing after, IEnumerable<string> hashParts, int replicas)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(hashParts);
        var moves = new List<PlacementMove>();
        foreach (var hashPart in hashParts)
        {
            var old = before.PreferenceList(hashPart, replicas);
            var now = after.PreferenceList(hashPart, replicas);
            var gained = now.Where(m => old.All(o => o.Id != m.Id)).ToList();
            var lost = old.Where(o => now.All(m => m.Id != o.Id)).ToList();
            if (gained.Count > 0 || lost.Count > 0)
            {
                moves.Add(new PlacementMove(hashPart, gained, lost));
            }
        }

        return moves;
    }
}

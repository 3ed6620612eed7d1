namespace AsterFarm.Scheduling.Simulation;

/// <summary>
/// A true lower bound on the makespan of any schedule, the largest of three bounds. Let each derivation take its
/// duration at the best speed of any builder able to build it (system and features), ignoring transfers, which only
/// loosens the bounds. <b>Critical path</b>: the longest dependency chain. <b>Work</b>: for every non-empty set S of
/// systems, the work of S's derivations over the capacity C_S that could serve them, each slot counted at its best
/// speed among S (in T seconds a slot does at most speed × T of S's work). <b>Phased work</b>: a derivation cannot
/// start before its earliest start h (the longest chain above it), so for every t, the work of S's derivations with
/// h ≥ t needs t + W/C_S; symmetrically with q, the longest chain below it, those with q ≥ τ must end by T − τ.
/// </summary>
public sealed record LowerBound(double CriticalPathSeconds, double WorkSeconds, double PhasedWorkSeconds, string WorkSystems)
{
    // Subsets of systems are enumerated exhaustively up to this many systems; beyond, singletons and the whole set.
    private const int MaxSystemsForSubsets = 12;

    public double Seconds => Math.Max(CriticalPathSeconds, Math.Max(WorkSeconds, PhasedWorkSeconds));

    /// <summary>Computes the bound; derivations in <paramref name="order"/> must come after their dependencies.</summary>
    public static LowerBound Compute(IReadOnlyList<DagRecord> order, IReadOnlyList<BuilderRecord> builders)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(builders);
        var position = new Dictionary<string, int>(order.Count, StringComparer.Ordinal);
        var fastest = new double[order.Count];
        var head = new double[order.Count];
        var tail = new double[order.Count];
        var criticalPath = 0.0;
        for (var i = 0; i < order.Count; i++)
        {
            var record = order[i];
            position[record.Id] = i;
            var best = builders.Where(b => b.CanBuild(record.System, record.Features)).Select(b => b.SpeedFor(record.System)).DefaultIfEmpty(0).Max();
            fastest[i] = best > 0 ? record.DurationS / best : 0;
            foreach (var dependency in record.Deps ?? [])
            {
                var d = position[dependency];
                head[i] = Math.Max(head[i], head[d] + fastest[d]);
            }

            criticalPath = Math.Max(criticalPath, head[i] + fastest[i]);
        }

        for (var i = order.Count - 1; i >= 0; i--)
        {
            foreach (var dependency in order[i].Deps ?? [])
            {
                var d = position[dependency];
                tail[d] = Math.Max(tail[d], tail[i] + fastest[i]);
            }
        }

        var systems = order.Select(r => r.System).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var subsets = systems.Length <= MaxSystemsForSubsets
            ? Enumerable.Range(1, (1 << systems.Length) - 1).Select(mask => systems.Where((_, i) => (mask & (1 << i)) != 0).ToArray())
            : systems.Select(system => new[] { system }).Append(systems);
        var (work, phased, workSystems) = (0.0, 0.0, string.Empty);
        foreach (var subset in subsets)
        {
            var capacity = builders.Sum(b => b.Slots * subset.Max(b.SpeedFor));
            if (capacity <= 0)
            {
                continue;
            }

            var members = Enumerable.Range(0, order.Count).Where(i => subset.Contains(order[i].System)).ToArray();
            var total = members.Sum(i => order[i].DurationS) / capacity;
            if (total > work)
            {
                (work, workSystems) = (total, string.Join(",", subset));
            }

            phased = Math.Max(phased, Math.Max(Phased(members, head, order, capacity), Phased(members, tail, order, capacity)));
        }

        return new LowerBound(criticalPath, work, phased, workSystems);
    }

    /// <summary>max over t of t + (work of members with offset ≥ t) / capacity.</summary>
    private static double Phased(int[] members, double[] offset, IReadOnlyList<DagRecord> order, double capacity)
    {
        var sorted = members.OrderByDescending(i => offset[i]).ToArray();
        var (work, bound) = (0.0, 0.0);
        foreach (var i in sorted)
        {
            work += order[i].DurationS;
            bound = Math.Max(bound, offset[i] + (work / capacity));
        }

        return bound;
    }
}

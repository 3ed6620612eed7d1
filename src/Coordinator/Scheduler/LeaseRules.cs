using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>When leases end and which ones a re-registering builder takes back; pure, so the rules are tested without actors.</summary>
internal static class LeaseRules
{
    /// <summary>Builders not heard from (registration or heartbeat) for longer than <paramref name="timeout"/>: their leases expire.</summary>
    public static IReadOnlyList<NodeName> Silent(IReadOnlyDictionary<NodeName, DateTimeOffset> lastHeard, DateTimeOffset now, TimeSpan timeout) =>
        [.. lastHeard.Where(builder => now - builder.Value > timeout).Select(builder => builder.Key).OrderBy(name => name.Value, StringComparer.Ordinal)];

    /// <summary>Recovered leases nobody claimed before their deadline.</summary>
    public static IReadOnlyList<LeaseId> Unclaimed(IReadOnlyDictionary<LeaseId, DateTimeOffset> deadlines, DateTimeOffset now) =>
        [.. deadlines.Where(lease => now > lease.Value).Select(lease => lease.Key).OrderBy(id => id.Value)];

    /// <summary>Leases their builder has not named running (in a registration or heartbeat) for longer than <paramref name="timeout"/>.</summary>
    public static IReadOnlyList<LeaseId> Unreported(IReadOnlyDictionary<LeaseId, DateTimeOffset> lastNamed, DateTimeOffset now, TimeSpan timeout) =>
        [.. lastNamed.Where(lease => now - lease.Value > timeout).Select(lease => lease.Key).OrderBy(id => id.Value)];

    /// <summary>
    /// A builder registered again, reporting what it runs. Recovered leases of that builder it reports are re-attached
    /// (it keeps building them, nothing is dispatched twice); those it does not report ended with its previous life and are
    /// requeued at once. Reported builds under other or unknown leases are left alone.
    /// </summary>
    public static (IReadOnlyList<LeaseId> Attach, IReadOnlyList<LeaseId> Requeue) Reclaim(
        NodeName builder,
        IEnumerable<RunningBuild> reported,
        IReadOnlyDictionary<LeaseId, LeaseEntry> recovered)
    {
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(recovered);
        var running = reported.Select(build => build.Lease).ToHashSet();
        var attach = new List<LeaseId>();
        var requeue = new List<LeaseId>();
        foreach (var (id, lease) in recovered.OrderBy(entry => entry.Key.Value))
        {
            if (lease.Node != builder)
            {
                continue;
            }

            (running.Contains(id) ? attach : requeue).Add(id);
        }

        return (attach, requeue);
    }

    /// <summary>
    /// Sorts the builds <paramref name="builder"/> reports running (registering or heartbeating): those under a lease
    /// in flight on that builder are its current builds; all others (a lease that expired while the node was cut off
    /// and was placed again, one that ended when a late result won, or one this scheduler never knew) are uncounted
    /// builds, which still take one of its slots each.
    /// </summary>
    public static (IReadOnlyList<LeaseId> Current, IReadOnlyList<RunningBuild> Uncounted) SortReported(
        NodeName builder,
        IEnumerable<RunningBuild> reported,
        IReadOnlyDictionary<LeaseId, LeaseEntry> leases)
    {
        ArgumentNullException.ThrowIfNull(reported);
        ArgumentNullException.ThrowIfNull(leases);
        var current = new List<LeaseId>();
        var uncounted = new List<RunningBuild>();
        foreach (var build in reported.DistinctBy(build => build.Lease))
        {
            if (leases.TryGetValue(build.Lease, out var lease) && lease.Node == builder && lease.Derivation.Value == build.DrvPath.ToString())
            {
                current.Add(build.Lease);
            }
            else
            {
                uncounted.Add(build);
            }
        }

        return (current, uncounted);
    }
}

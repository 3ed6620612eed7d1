using System.Collections.Immutable;

namespace AsterFarm.Coordinator.Cache.Replication.Membership;

/// <summary>
/// Pure state of the Akka-based cache membership: which coordinator members are in the cluster (by address) and
/// which cache URL each announced. A member counts once it is both; it stays through unreachability (its ranges do
/// not move for a crash) and leaves only when the cluster removes it.
/// </summary>
public sealed record CacheMembershipState(CacheMember Self, ImmutableHashSet<string> InCluster, ImmutableDictionary<string, Uri> Urls)
{
    public static CacheMembershipState Initial(CacheMember self) =>
        new(self, ImmutableHashSet.Create<string>(StringComparer.Ordinal), ImmutableDictionary.Create<string, Uri>(StringComparer.Ordinal));

    /// <summary>The cache members: this node and every coordinator in the cluster that announced its URL, sorted by id.</summary>
    public IReadOnlyList<CacheMember> Members =>
        [.. InCluster.Where(Urls.ContainsKey).Select(a => new CacheMember(a, Urls[a])).Append(Self).DistinctBy(m => m.Id).OrderBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>Whether the cluster has moved this node to Up: only then are the other members known.</summary>
    public bool SelfUp { get; init; }

    /// <summary>This node and the coordinators in the cluster, announced or not.</summary>
    public int NodeCount => InCluster.Remove(Self.Id).Count + 1;

    /// <summary>This node is Up in the cluster.</summary>
    public CacheMembershipState SelfJoined() => this with { SelfUp = true };

    /// <summary>A coordinator joined (or was seen at start).</summary>
    public CacheMembershipState MemberUp(string address) => this with { InCluster = InCluster.Add(address) };

    /// <summary>A coordinator announced its cache URL.</summary>
    public CacheMembershipState Announced(string address, Uri baseUrl) => this with { Urls = Urls.SetItem(address, baseUrl) };

    /// <summary>The cluster removed a member for good: its ranges go to the others.</summary>
    public CacheMembershipState MemberRemoved(string address) => this with { InCluster = InCluster.Remove(address), Urls = Urls.Remove(address) };
}

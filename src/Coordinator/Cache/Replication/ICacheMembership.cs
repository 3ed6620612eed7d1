namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Who the cache nodes are. Placement hashes over <see cref="Members"/>: a member that is down but not removed keeps
/// its ranges (its replicas catch it up when it returns); a member removed for good gives them up, and the others
/// re-replicate.
/// </summary>
public interface ICacheMembership
{
    /// <summary>This node.</summary>
    CacheMember Self { get; }

    /// <summary>The cache members, this node included.</summary>
    IReadOnlyList<CacheMember> Members { get; }

    /// <summary>
    /// Whether this node knows who the cache nodes are well enough to acknowledge a write. A coordinator that has not
    /// joined the cluster yet sees only itself and would count one copy as a quorum. Default: always.
    /// </summary>
    bool AcceptsWrites => true;

    /// <summary>
    /// How many cache nodes there are, whether or not they are reachable or have announced their URL yet: W is lowered
    /// to this (a cluster smaller than R), never to the members this node happens to know. Default: <see cref="Members"/>.
    /// </summary>
    int NodeCount => Members.Count;

    /// <summary>Raised after <see cref="Members"/> changed.</summary>
    event EventHandler<CacheMembersChangedEventArgs>? Changed;
}

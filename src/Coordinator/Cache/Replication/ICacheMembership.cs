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

    /// <summary>Raised after <see cref="Members"/> changed.</summary>
    event EventHandler<CacheMembersChangedEventArgs>? Changed;
}

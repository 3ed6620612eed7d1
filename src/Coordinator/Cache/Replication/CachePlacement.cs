namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>The current hash ring over <see cref="ICacheMembership"/>, rebuilt when the members change.</summary>
public sealed class CachePlacement : IDisposable
{
    private readonly ICacheMembership _membership;
    private readonly ReplicationOptions _options;
    private volatile HashRing _ring;

    public CachePlacement(ICacheMembership membership, ReplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(membership);
        ArgumentNullException.ThrowIfNull(options);
        _membership = membership;
        _options = options;
        _ring = HashRing.Build(membership.Members, options.VirtualNodes);
        membership.Changed += OnChanged;
    }

    /// <summary>This node.</summary>
    public CacheMember Self => _membership.Self;

    /// <summary>The ring as of now.</summary>
    public HashRing Ring => _ring;

    /// <summary>R as configured.</summary>
    public int Replicas => _options.Replicas;

    /// <summary>Whether this node may acknowledge writes (<see cref="ICacheMembership.AcceptsWrites"/>).</summary>
    public bool AcceptsWrites => _membership.AcceptsWrites;

    /// <summary>W as used for a path: configured W, lowered only when the cache has fewer nodes than it.</summary>
    public int WriteQuorum => _options.QuorumFor(Math.Min(_options.Replicas, _membership.NodeCount));

    /// <summary>The replicas of a hash part, in preference order.</summary>
    public IReadOnlyList<CacheMember> ReplicasOf(string hashPart) => _ring.PreferenceList(hashPart, _options.Replicas);

    /// <summary>Members other than this node, replicas of <paramref name="hashPart"/> first (the likeliest holders).</summary>
    public IReadOnlyList<CacheMember> PeersByPreference(string hashPart)
    {
        var ring = _ring;
        return [.. ring.PreferenceList(hashPart, ring.Members.Count).Where(m => m.Id != Self.Id)];
    }

    public void Dispose() => _membership.Changed -= OnChanged;

    private void OnChanged(object? sender, CacheMembersChangedEventArgs change) =>
        _ring = HashRing.Build(change.Members, _options.VirtualNodes);
}

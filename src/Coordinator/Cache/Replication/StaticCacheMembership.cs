namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Members from configuration (<see cref="CacheOptions.Peers"/>, identified by base URL): for running a cache cluster
/// without Akka and for tests. A member leaves for good when it is removed from every node's peers (a restart).
/// </summary>
public sealed class StaticCacheMembership : ICacheMembership
{
    public StaticCacheMembership(CacheMember self, IEnumerable<CacheMember> peers)
    {
        ArgumentNullException.ThrowIfNull(self);
        Self = self;
        Members = [.. peers.Append(self).DistinctBy(m => m.Id).OrderBy(m => m.Id, StringComparer.Ordinal)];
    }

    public CacheMember Self { get; }

    public IReadOnlyList<CacheMember> Members { get; }

    // Never raised: configuration is read once.
    public event EventHandler<CacheMembersChangedEventArgs>? Changed
    {
        add { }
        remove { }
    }

    /// <summary>From <see cref="CacheOptions.Peers"/> (comma-separated URLs) and <see cref="CacheOptions.SelfUrl"/>.</summary>
    /// <exception cref="InvalidOperationException">This node listens on a wildcard address and has no advertised URL, so its peers could not name it.</exception>
    public static StaticCacheMembership FromOptions(CacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var self = CacheMember.FromUrl(options.SelfUrl);
        if (self.BaseUrl.Host is "0.0.0.0" or "[::]" or "+" or "*")
        {
            throw new InvalidOperationException($"listening on {options.Listen} with peers: set --advertise-url (AsterFarm:Cache:AdvertiseUrl) to this node's URL as listed in --peers");
        }

        return new StaticCacheMembership(self, options.PeerUrls.Select(CacheMember.FromUrl));
    }
}

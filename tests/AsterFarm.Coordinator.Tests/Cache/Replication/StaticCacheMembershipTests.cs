using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Cache.Replication;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class StaticCacheMembershipTests
{
    [Fact]
    public void Members_are_the_peers_plus_this_node_once_each_identified_by_url()
    {
        var options = new CacheOptions { Listen = "127.0.0.1:5481", Peers = "http://127.0.0.1:5481/, 127.0.0.1:5482,http://127.0.0.1:5483" };

        var membership = StaticCacheMembership.FromOptions(options);

        Assert.Equal("http://127.0.0.1:5481", membership.Self.Id);
        Assert.Equal(["http://127.0.0.1:5481", "http://127.0.0.1:5482", "http://127.0.0.1:5483"], membership.Members.Select(m => m.Id));
        Assert.All(membership.Members, m => Assert.EndsWith("/", m.BaseUrl.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void The_advertised_url_is_this_node_s_identity()
    {
        var options = new CacheOptions { Listen = "0.0.0.0:5480", AdvertiseUrl = "http://cache-1:5480", Peers = "http://cache-1:5480,http://cache-2:5480" };

        var membership = StaticCacheMembership.FromOptions(options);

        Assert.Equal("http://cache-1:5480", membership.Self.Id);
        Assert.Equal(2, membership.Members.Count);
    }

    [Fact]
    public void A_wildcard_listen_address_without_an_advertised_url_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => StaticCacheMembership.FromOptions(new CacheOptions { Listen = "0.0.0.0:5480", Peers = "http://cache-2:5480" }));
}

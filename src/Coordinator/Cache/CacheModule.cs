using Akka.Hosting;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Coordinator.Cache.Replication.Membership;
using AsterFarm.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// The cache replica of a coordinator node: served on the node's HTTP port, replicated across the cluster's
/// coordinators. Each coordinator is a cache member under its Akka address and announces its cache URL
/// (<see cref="CacheOptions.AdvertiseUrl"/>, default <c>http://PUBLIC-HOSTNAME:HTTP-PORT</c>) to the others.
/// Without a token (writes refused) the replica serves reads only and does not replicate.
/// </summary>
internal static class CacheModule
{
    public static void AddTo(AsterFarmNodeBuilder node)
    {
        var options = CacheServer.ReadOptions(node.Configuration);
        var cluster = node.ClusterOptions;
        var host = cluster.EffectivePublicHostname;
        var self = new CacheMember(
            $"akka.tcp://{cluster.SystemName}@{host}:{cluster.PortFor(node.Role)}",
            CacheMember.FromUrl(options.AdvertiseUrl ?? $"http://{host}:{node.HttpOptions.PortFor(node.Role)}").BaseUrl);
        var membership = new AkkaCacheMembership(self);

        // Kestrel's limits come from the node's HttpOptions; each cache route that takes a body sets its own size.
        node.Services.AddBinaryCache(options);
        if (!AccessToken.Load(options.TokenFile).IsConfigured)
        {
            // Without the token every write is refused anyway: serve reads, replicate nothing.
            node.MapEndpoints(endpoints => endpoints.MapBinaryCache());
            return;
        }

        node.Services.AddSingleton<ICacheMembership>(membership);
        node.Services.AddSingleton<IReadinessCheck>(membership);
        node.Services.AddCacheReplication(ReplicationServices.ReadOptions(node.Configuration), options);
        node.ConfigureAkka((akka, provider) => akka.WithActors((system, _) => system.ActorOf(
            CacheMembershipActor.Props(membership, provider.GetRequiredService<ILoggerFactory>().CreateLogger<CacheMembershipActor>()),
            CacheMembershipActor.Name)));
        node.MapEndpoints(endpoints =>
        {
            endpoints.MapCacheReplication();
            endpoints.MapBinaryCache();
        });
    }
}

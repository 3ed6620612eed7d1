using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// The binary cache on a coordinator node (issue 3: every coordinator holds a replica): the same store, token and
/// routes as <c>asterfarm cache serve</c>, served on the node's HTTP port, settings from <see cref="CacheOptions.SectionName"/>.
/// </summary>
internal static class CacheModule
{
    public static void AddTo(AsterFarmNodeBuilder node)
    {
        var options = CacheServer.ReadOptions(node.Configuration);
        node.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = null);
        node.Services.AddSingleton(options);
        node.Services.TryAddSingleton(TimeProvider.System);
        node.Services.AddSingleton(CacheAccessToken.Load(options.TokenFile));
        node.Services.AddSingleton(services => FileBinaryCacheStore.Open(options.ToStoreOptions(), services.GetRequiredService<ILogger<FileBinaryCacheStore>>()));
        node.Services.AddSingleton<IBinaryCacheStore>(services => services.GetRequiredService<FileBinaryCacheStore>());
        node.Services.TryAddSingleton<ICacheRoots, NoCacheRoots>();
        if (options.MaxBytes is not null)
        {
            node.Services.AddHostedService<CacheGarbageCollectionService>();
        }

        node.MapEndpoints(endpoints => endpoints.MapBinaryCache());
    }
}

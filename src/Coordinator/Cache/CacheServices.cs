using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache;

/// <summary>The services of a cache node, shared by <c>asterfarm cache serve</c> and the coordinator.</summary>
public static class CacheServices
{
    /// <summary>Registers the options, the token, the local <see cref="FileBinaryCacheStore"/> as <see cref="IBinaryCacheStore"/> and, with a size cap, garbage collection.</summary>
    public static IServiceCollection AddBinaryCache(this IServiceCollection services, CacheOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(AccessToken.Load(options.TokenFile));
        services.AddSingleton(s => FileBinaryCacheStore.Open(options.ToStoreOptions(), s.GetRequiredService<ILogger<FileBinaryCacheStore>>()));
        services.AddSingleton<IBinaryCacheStore>(s => s.GetRequiredService<FileBinaryCacheStore>());
        services.AddSingleton<ICacheRoots, NoCacheRoots>();
        if (options.MaxBytes is not null)
        {
            services.AddHostedService<CacheGarbageCollectionService>();
        }

        return services;
    }
}

using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Registers the replicated cache over the local <see cref="FileBinaryCacheStore"/>.</summary>
public static class ReplicationServices
{
    /// <summary>Reads <see cref="ReplicationOptions"/> from a configuration (section <see cref="ReplicationOptions.SectionName"/>) and validates them.</summary>
    public static ReplicationOptions ReadOptions(IConfiguration configuration)
    {
        var options = new ReplicationOptions();
        configuration.GetSection(ReplicationOptions.SectionName).Bind(options);
        options.Validate();
        return options;
    }

    /// <summary>
    /// Makes <see cref="IBinaryCacheStore"/> the replicated store, with read repair and anti-entropy in the background.
    /// Needs an <see cref="ICacheMembership"/> registered (e.g. <see cref="StaticCacheMembership"/>), plus what
    /// <see cref="CacheServer"/> registers (the local store, the token, a <see cref="TimeProvider"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">No token is configured: nodes write to each other with it.</exception>
    public static IServiceCollection AddCacheReplication(this IServiceCollection services, ReplicationOptions options, CacheOptions cacheOptions)
    {
        ArgumentNullException.ThrowIfNull(cacheOptions);
        if (cacheOptions.TokenFile is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(AccessToken.EnvironmentVariable)))
        {
            throw new InvalidOperationException($"a replicated cache needs the shared token (--token-file or {AccessToken.EnvironmentVariable}): nodes write to each other with it");
        }

        services.AddSingleton(options);
        services.AddHttpContextAccessor();
        services.AddSingleton<CachePlacement>();
        services.AddSingleton<ReplicaClient>();
        services.AddSingleton<ReplicaCopier>();
        services.AddSingleton<AntiEntropyRound>();
        services.AddSingleton<ReadRepairs>();
        services.AddHostedService(s => s.GetRequiredService<ReadRepairs>());
        services.AddHostedService<AntiEntropyService>();
        services.AddSingleton<ReplicatedBinaryCacheStore>();
        services.Replace(ServiceDescriptor.Singleton<IBinaryCacheStore>(s => s.GetRequiredService<ReplicatedBinaryCacheStore>()));
        services.AddHostedService(s => new ReplicationStartupLog(s.GetRequiredService<CachePlacement>(), options, s.GetRequiredService<ILogger<ReplicationStartupLog>>()));
        return services;
    }
}

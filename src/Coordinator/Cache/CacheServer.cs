using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// Builds the standalone cache web application: options from configuration (<see cref="CacheOptions.SectionName"/>,
/// environment variables, then the overrides given), the <see cref="FileBinaryCacheStore"/>, the token, the
/// routes, with a size cap periodic garbage collection, and with peers (<see cref="CacheOptions.Peers"/>)
/// replication across them.
/// </summary>
public static class CacheServer
{
    /// <summary>Reads <see cref="CacheOptions"/> from a configuration (section <see cref="CacheOptions.SectionName"/>).</summary>
    public static CacheOptions ReadOptions(IConfiguration configuration)
    {
        var options = new CacheOptions();
        configuration.GetSection(CacheOptions.SectionName).Bind(options);
        return options;
    }

    /// <param name="overrides">Configuration keys that win over every other source (command-line flags, tests).</param>
    public static WebApplication Build(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var options = ReadOptions(builder.Configuration);
        builder.WebHost.UseUrls(options.ListenUrl);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // NARs are several GiB; each route enforces its own limit while streaming.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(CacheAccessToken.Load(options.TokenFile));
        builder.Services.AddSingleton(services => FileBinaryCacheStore.Open(options.ToStoreOptions(), services.GetRequiredService<ILogger<FileBinaryCacheStore>>()));
        builder.Services.AddSingleton<IBinaryCacheStore>(services => services.GetRequiredService<FileBinaryCacheStore>());
        builder.Services.AddSingleton<ICacheRoots, NoCacheRoots>();
        if (options.MaxBytes is not null)
        {
            builder.Services.AddHostedService<CacheGarbageCollectionService>();
        }

        var replicated = options.PeerUrls.Count > 0;
        if (replicated)
        {
            if (Environment.GetEnvironmentVariable(CacheAccessToken.EnvironmentVariable) is null && options.TokenFile is null)
            {
                throw new InvalidOperationException($"replicating across {options.Peers} needs the shared token (--token-file or {CacheAccessToken.EnvironmentVariable}): nodes write to each other with it");
            }

            builder.Services.AddSingleton<ICacheMembership>(StaticCacheMembership.FromOptions(options));
            builder.Services.AddCacheReplication(ReplicationServices.ReadOptions(builder.Configuration));
        }

        var app = builder.Build();
        if (replicated)
        {
            app.MapCacheReplication();
        }

        app.MapBinaryCache();
        return app;
    }
}

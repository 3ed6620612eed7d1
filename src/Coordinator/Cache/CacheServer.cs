using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Hosting;
using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// Builds the standalone cache web application: options from configuration (<see cref="CacheOptions.SectionName"/>,
/// environment variables, then the overrides given), the <see cref="FileBinaryCacheStore"/>, the token, the
/// routes, with a size cap periodic garbage collection, and with peers (<see cref="CacheOptions.Peers"/>)
/// replication across them.
/// </summary>
public static class CacheServer
{
    private static readonly Dictionary<string, string?> QuietRequestLogging = new(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

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

        // ASP.NET Core logs several lines per request at Information; that costs more than serving a narinfo. Every
        // other source (environment, overrides) still wins over this default.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietRequestLogging });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var options = ReadOptions(builder.Configuration);
        builder.WebHost.UseUrls(options.ListenUrl);
        var http = builder.Configuration.GetSection(HttpOptions.SectionName).Get<HttpOptions>() ?? new HttpOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Connections, header timeout, slow bodies and a small default body size; each cache route that takes a
            // body (NARs are several GiB) sets its own size.
            http.ApplyTo(kestrel.Limits);
            kestrel.AddServerHeader = false;
        });
        builder.Services.AddBinaryCache(options);
        var replicated = options.PeerUrls.Count > 0;
        if (replicated)
        {
            builder.Services.AddSingleton<ICacheMembership>(StaticCacheMembership.FromOptions(options));
            builder.Services.AddCacheReplication(ReplicationServices.ReadOptions(builder.Configuration), options);
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

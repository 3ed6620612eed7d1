using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// Builds the standalone cache web application: options from configuration (<see cref="CacheOptions.SectionName"/>,
/// environment variables, then the overrides given), the <see cref="FileBinaryCacheStore"/>, the token, the
/// routes and, with a size cap, periodic garbage collection.
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

        var app = builder.Build();
        app.MapBinaryCache();
        return app;
    }
}

using AsterFarm.Coordinator.Cache;
using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Tests.Cache;

/// <summary>A real Kestrel cache server on 127.0.0.1 (any free port) over a temp directory; stopped and removed on dispose.</summary>
internal sealed class CacheServerFixture : IAsyncDisposable
{
    public const string Token = "test-token-123";

    private readonly WebApplication _app;

    private CacheServerFixture(WebApplication app, string directory)
    {
        _app = app;
        Directory = directory;
        BaseAddress = new Uri(app.Urls.Single() + "/");
        Http = new HttpClient { BaseAddress = BaseAddress };
    }

    public string Directory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public FileBinaryCacheStore Store => _app.Services.GetRequiredService<FileBinaryCacheStore>();

    public BinaryCacheClient Client(string? token = Token) => new(Http, token);

    /// <param name="readsNeedToken">Whether reads need the token too.</param>
    /// <param name="settings">More configuration keys (e.g. <c>AsterFarm:Http:MaxConcurrentConnections</c>).</param>
    public static async Task<CacheServerFixture> StartAsync(bool readsNeedToken = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("asterfarm-cache-http-").FullName;
        var tokenFile = Path.Combine(directory, "token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var section = CacheOptions.SectionName + ":";
        var configuration = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            [section + "Directory"] = Path.Combine(directory, "cache"),
            [section + "Listen"] = "127.0.0.1:0",
            [section + "TokenFile"] = tokenFile,
            [section + "ReadsNeedToken"] = readsNeedToken ? "true" : "false",
            [section + "Priority"] = "41",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var app = CacheServer.Build(configuration);
        await app.StartAsync();
        return new CacheServerFixture(app, directory);
    }

    public string CachePath(params string[] parts) => Path.Combine([Directory, "cache", .. parts]);

    /// <summary>narinfos and NAR files a client could fetch.</summary>
    public IReadOnlyList<string> StoredPathsAndNars() =>
        [.. System.IO.Directory.EnumerateFiles(CachePath(), "*.narinfo")
            .Concat(System.IO.Directory.EnumerateFiles(CachePath("nar")))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

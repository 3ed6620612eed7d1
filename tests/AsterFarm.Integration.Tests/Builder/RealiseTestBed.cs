using System.Text;
using System.Text.Json;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Builder;

namespace AsterFarm.Integration.Tests.Builder;

/// <summary>
/// An in-process AsterFarm cache on loopback and a builder (local store, work directory) under one temp directory:
/// uploads what <c>nix-instantiate</c> made (the .drv closure and input sources, as <c>asterfarm submit</c> would),
/// realises derivations in dependency order, and removes everything on dispose.
/// </summary>
internal sealed class RealiseTestBed : IAsyncDisposable
{
    public const string Token = "realise-test-token";
    private readonly TempDirectory _root = new("asterfarm-realise");
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    private RealiseTestBed()
    {
    }

    public BuilderServices Services { get; private set; } = null!;

    public BinaryCacheClient Cache { get; private set; } = null!;

    public string CacheUrl { get; private set; } = null!;

    public string WorkDirectory => _root.Combine("work");

    public string StoreDirectory => _root.Combine("store");

    public string CacheDirectory => _root.Combine("cache");

    public static async Task<RealiseTestBed> StartAsync(Action<BuilderNodeOptions>? configure = null, SandboxOptions? sandbox = null)
    {
        var bed = new RealiseTestBed();
        var tokenFile = bed._root.Combine("token");
        await File.WriteAllTextAsync(tokenFile, Token);
        var section = CacheOptions.SectionName + ":";
        bed._app = CacheServer.Build(new Dictionary<string, string?>
        {
            [section + "Directory"] = bed.CacheDirectory,
            [section + "Listen"] = "127.0.0.1:0",
            [section + "TokenFile"] = tokenFile,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await bed._app.StartAsync();
        var url = new Uri(bed._app.Urls.Single() + "/");
        bed.CacheUrl = url.AbsoluteUri;
        bed._http = new HttpClient { BaseAddress = url };
        bed.Cache = new BinaryCacheClient(bed._http, Token);
        var node = new BuilderNodeOptions { StoreDirectory = bed.StoreDirectory, WorkDirectory = bed.WorkDirectory, CoresPerSlot = 2 };
        configure?.Invoke(node);
        bed.Services = BuilderServices.Create(node, sandbox ?? new SandboxOptions(), url, Token);
        return bed;
    }

    /// <summary>Uploads the closure of <paramref name="drvPaths"/> (.drv files and input sources) from the host's /nix/store.</summary>
    public async Task UploadDerivationClosureAsync(IEnumerable<StorePath> drvPaths)
    {
        var json = NixTool.Run("nix", ["path-info", "--derivation", "--json", "-r", .. drvPaths.Select(NixDerivations.Store.Print)]);
        using var document = JsonDocument.Parse(json);
        foreach (var info in document.RootElement.EnumerateArray())
        {
            var path = NixDerivations.Store.Parse(info.GetProperty("path").GetString()!);
            var references = info.GetProperty("references").EnumerateArray().Select(r => NixDerivations.Store.Parse(r.GetString()!)).ToArray();
            using var nar = new MemoryStream();
            NarWriter.Write(NixDerivations.Store.Print(path), nar);
            nar.Position = 0;
            var result = await Cache.UploadPathAsync(path, nar, references);
            Assert.True(result.IsStored, $"uploading {path}: {result}");
        }
    }

    /// <summary>Realises every derivation of the closure of <paramref name="drvPaths"/>, inputs first; asserts each succeeds.</summary>
    public async Task<IReadOnlyList<RealisationResult>> RealiseAllAsync(IEnumerable<StorePath> drvPaths)
    {
        var results = new List<RealisationResult>();
        foreach (var drvPath in TopologicalOrder(drvPaths))
        {
            var result = await Services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = drvPath });
            Assert.True(result.Succeeded, $"realising {drvPath}: {result.Failure}\n{result.Failure?.LogTail}");
            results.Add(result);
        }

        return results;
    }

    public Task<RealisationResult> RealiseAsync(StorePath drvPath, TimeSpan? timeout = null, TimeSpan? maxSilentTime = null) =>
        Services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = drvPath, Timeout = timeout, MaxSilentTime = maxSilentTime });

    /// <summary>The build log the builder uploaded for <paramref name="drvPath"/>.</summary>
    public string UploadedLog(StorePath drvPath) =>
        File.ReadAllText(Path.Combine(CacheDirectory, "log", drvPath.BaseName), Encoding.UTF8);

    public async ValueTask DisposeAsync()
    {
        Services.Dispose();
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _root.Dispose();
    }

    private static List<StorePath> TopologicalOrder(IEnumerable<StorePath> roots)
    {
        var order = new List<StorePath>();
        var seen = new HashSet<StorePath>();
        void Visit(StorePath drvPath)
        {
            if (!seen.Add(drvPath))
            {
                return;
            }

            var derivation = DerivationParser.Parse(File.ReadAllBytes(NixDerivations.Store.Print(drvPath)), NixDerivations.Store);
            foreach (var input in derivation.InputDrvs.Keys)
            {
                Visit(input);
            }

            order.Add(drvPath);
        }

        foreach (var root in roots)
        {
            Visit(root);
        }

        return order;
    }
}

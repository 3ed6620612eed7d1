using System.Text.Json;
using AsterFarm.Integration.Tests.Cache.Replication;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// Issue 6, cache under failure, at farm level: three coordinators replicate the cache (R = 3, W = 2); the builder is
/// given two of them (<c>--cache</c> twice) and the one it prefers is SIGKILLed while it receives the build's output.
/// </summary>
public sealed class BuildSurvivesCacheReplicaLossTests : IAsyncLifetime
{
    // Large enough that the upload lasts well beyond one poll of the replica's temp directory, even on an idle machine.
    private const int OutputBytes = 192 << 20;
    private static readonly TimeSpan UploadPoll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LocalFarm _farm = null!;
    private ManagedProcess _victim = null!;
    private string _victimCache = null!;
    private string _otherCache = null!;

    public async Task InitializeAsync()
    {
        _farm = LocalFarm.Start(
            "asterfarm-cacheloss", [FarmNode.Coordinator("coordinator-0"), FarmNode.Coordinator("coordinator-1"), FarmNode.Coordinator("coordinator-2")], maxBuilders: 1);
        _victim = _farm.ProcessOf("coordinator-1");
        var other = _farm.ProcessOf("coordinator-2");
        _victimCache = _farm.Directory.Combine("coordinator-1", "cache");
        _otherCache = _farm.Directory.Combine("coordinator-2", "cache");
        _farm.StartBuilder(FarmNode.Builder(
            "native", "--cache", _farm.UrlOf("coordinator-1").ToString(), "--cache", _farm.Url.ToString(), "--emulated-system", "none"));
        await _farm.WaitUntilUpAsync(builders: 1);

        // Until a coordinator has seen the others announce their caches it is a replica set of one.
        foreach (var coordinator in new[] { _victim, other })
        {
            await Eventually.Until(
                () => Task.FromResult(coordinator.Output.Split('\n').Any(l => l.Contains("Cache members changed: ", StringComparison.Ordinal) && l.Split(", ").Length == 3)),
                seen => seen,
                Patience,
                $"{coordinator.Name} to see all three cache replicas");
        }
    }

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task A_build_whose_cache_replica_is_killed_while_it_uploads_completes_in_its_first_attempt_through_another_replica()
    {
        var drv = Instantiate($"/bin/head -c {OutputBytes} /dev/urandom > $out");
        var output = NixDerivations.Store.Parse(NixTool.Run("nix-store", ["--query", "--outputs", NixDerivations.Store.Print(drv)]).Trim());
        var run = AsterfarmCli.Succeed(["submit", NixDerivations.Store.Print(drv), "--no-wait", .. _farm.CliFlags]).Trim();

        // The output's NAR arriving at the preferred replica: the only upload there larger than a megabyte.
        await UntilUploadingAsync(run);
        await _victim.KillAsync();

        var status = await Eventually.Until(
            async () => JsonDocument.Parse(await Http.GetStringAsync(new Uri(_farm.Url, $"api/v1/runs/{run}"))).RootElement.Clone(),
            s => s.GetProperty("state").GetString() is "Succeeded" or "Failed" or "Cancelled",
            Patience,
            "the run to finish");
        Assert.True(status.GetProperty("state").GetString() == "Succeeded", status.ToString());
        Assert.True(
            !status.TryGetProperty("attempts", out var attempts) || attempts.ValueKind == JsonValueKind.Null || attempts.GetArrayLength() == 0,
            "the builder fails over by itself: no attempt failed and none was retried by the scheduler: " + status);

        using var http = new HttpClient { BaseAddress = _farm.Url, Timeout = TimeSpan.FromSeconds(60) };
        var cache = new BinaryCacheClient(http);
        var narInfo = await cache.GetNarInfoAsync(output);
        Assert.True(narInfo is not null, $"{output} should be in the cache");
        var download = await cache.DownloadNarAsync(narInfo, Stream.Null);
        Assert.True(download.Status == NarDownloadStatus.Verified, $"{download.Status} {download.Message}");
        foreach (var directory in new[] { _farm.Directory.Combine("coordinator-0", "cache"), _otherCache, _victimCache })
        {
            Assert.Empty(CacheDirectoryAudit.Problems(directory));
        }
    }

    private async Task UntilUploadingAsync(string run)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (UploadsInProgress(_victimCache).Length == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                var sizes = string.Join(", ", new[] { _farm.Directory.Combine("coordinator-0", "cache"), _otherCache, _victimCache }
                    .Select(dir => $"{dir}: {(Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "*.nar*", SearchOption.AllDirectories).Count() : 0)} NAR files"));
                var status = await Http.GetStringAsync(new Uri(_farm.Url, $"api/v1/runs/{run}"));
                throw new TimeoutException($"the build's output never streamed into the preferred replica within {Patience}; {sizes}; run: {status}");
            }

            await Task.Delay(UploadPoll);
        }
    }

    private static string[] UploadsInProgress(string cacheDirectory)
    {
        var temp = new DirectoryInfo(Path.Combine(cacheDirectory, ".asterfarm", "tmp"));
        return temp.Exists ? [.. temp.EnumerateFiles().Where(f => f.Length > 1 << 20).Select(f => f.Name)] : [];
    }

    /// <summary>An x86_64 derivation running <paramref name="script"/> with <c>/bin/sh</c>, instantiated by real Nix; unique per call.</summary>
    private StorePath Instantiate(string script)
    {
        var unique = "cacheloss-" + Guid.NewGuid().ToString("N")[..8];
        var dir = _farm.Directory.Combine(unique);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "default.nix"), $$"""
            derivation { name = "{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "{{script}}" ]; }
            """);
        return NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [Path.Combine(dir, "default.nix")], dir).Trim());
    }
}

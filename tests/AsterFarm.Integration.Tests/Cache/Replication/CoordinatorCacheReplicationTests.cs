using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>
/// Three <c>asterfarm coordinator</c> processes: cache membership comes from the Akka cluster (coordinator role, each
/// announcing its cache URL); a coordinator that leaves the cluster for good has its ranges re-replicated.
/// </summary>
public sealed class CoordinatorCacheReplicationTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _work = new("asterfarm-coordinator-cache");
    private readonly List<ManagedProcess> _processes = [];
    private readonly int[] _ports = FreePorts.Take(6);
    private readonly string _token = "coordinator-cache-test-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    // xUnit calls it after DisposeAsync, once every process is gone.
    public void Dispose() => _work.Dispose();

    [Fact]
    public async Task Coordinators_replicate_the_cache_and_re_replicate_when_one_leaves_the_cluster()
    {
        var seed = Address(0);
        for (var i = 0; i < 3; i++)
        {
            _processes.Add(Start(i, seed));
        }

        var everyone = string.Join(", ", Enumerable.Range(0, 3).Select(Address).Order(StringComparer.Ordinal));
        foreach (var process in _processes)
        {
            await process.WaitForOutputAsync("Cache members changed: " + everyone, Timeout);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_ports[3]}/") };
        var client = new BinaryCacheClient(http, _token);
        var paths = new List<StorePath>();
        for (var i = 0; i < 6; i++)
        {
            var path = StorePath.FromDigest(NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), "coordinated");
            var result = await client.UploadPathAsync(path, Nar($"contents {Guid.NewGuid()}\n"), []);
            Assert.True(result.IsStored, $"write {i} through coordinator 0: expected acknowledged, got {result}");
            paths.Add(path);
        }

        await CacheCluster.AwaitAsync(
            () => paths.All(p => Enumerable.Range(0, 3).Count(i => Holds(i, p)) >= 2),
            Timeout,
            "every path on at least R = 2 coordinators",
            () => Holders(paths, 3));

        _processes[2].Terminate();
        var exit = await _processes[2].WaitForExitAsync(Timeout);
        Assert.True(exit == 0, $"coordinator 2 should leave the cluster and exit 0, got {exit}");

        await CacheCluster.AwaitAsync(
            () => paths.All(p => Holds(0, p) && Holds(1, p)),
            Timeout,
            "every path on both remaining coordinators",
            () => Holders(paths, 2));
    }

    private ManagedProcess Start(int index, string seed) =>
        new NodeLauncher(NodeKind.Coordinator, _ports[index], _ports[3 + index])
        {
            Seeds = [seed],
            Environment = new Dictionary<string, string>
            {
                ["ASTERFARM_TOKEN"] = _token,
                ["AsterFarm__Cache__Directory"] = Directory(index),
                ["AsterFarm__Cache__Replication__Replicas"] = "2",
                ["AsterFarm__Cache__Replication__WriteQuorum"] = "2",
                ["AsterFarm__Cache__Replication__AntiEntropyInterval"] = "00:00:00.500",
                ["AsterFarm__Cache__Replication__PeerTimeout"] = "00:00:03",
            },
        }.Start("coordinator-" + index);

    private string Address(int index) => new NodeLauncher(NodeKind.Coordinator, _ports[index], _ports[3 + index]).AkkaAddress;

    private string Directory(int index) => _work.Combine("cache" + index);

    private bool Holds(int index, StorePath path) => CacheNodeProcess.HoldsIn(Directory(index), path.HashPart);

    private string Holders(IEnumerable<StorePath> paths, int count) =>
        string.Join("; ", paths.Select(p => p.HashPart[..8] + ": " + string.Join(' ', Enumerable.Range(0, count).Where(i => Holds(i, p)).Select(i => "coordinator" + i))));

    private MemoryStream Nar(string contents)
    {
        var source = _work.Combine("source-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(source, contents);
        var nar = new MemoryStream();
        NarWriter.Write(source, nar);
        nar.Position = 0;
        return nar;
    }
}

using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>
/// N replicating cache processes on loopback sharing a token and a signing key, with a fast anti-entropy timer.
/// Disposing stops every process it started and removes their directories.
/// </summary>
internal sealed class CacheCluster : IAsyncDisposable
{

    private readonly TempDirectory _work = new("asterfarm-replication");
    private readonly List<HttpClient> _clients = [];

    private CacheCluster(int count, int replicas, int writeQuorum)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASTERFARM_TOKEN"] = Token,
            ["AsterFarm__Cache__Replication__Replicas"] = replicas.ToString(CultureInfo.InvariantCulture),
            ["AsterFarm__Cache__Replication__WriteQuorum"] = writeQuorum.ToString(CultureInfo.InvariantCulture),
            ["AsterFarm__Cache__Replication__AntiEntropyInterval"] = "00:00:00.500",
            ["AsterFarm__Cache__Replication__PeerTimeout"] = "00:00:03",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var keyFile = _work.Combine("signing-key");
        Nodes = [.. FreeLoopbackPorts(count).Select((port, i) => new CacheNodeProcess(_work.Combine("node" + i), port, keyFile, environment))];
    }

    public IReadOnlyList<CacheNodeProcess> Nodes { get; }

    /// <summary>
    /// The write token, unique per cluster: the port of a killed node may be taken by a node of another cluster (tests
    /// run in parallel, on a shared machine), which must then refuse this cluster's replica writes, not count for W.
    /// </summary>
    public string Token { get; } = "replication-test-" + Guid.NewGuid().ToString("N");

    public IEnumerable<string> Urls => Nodes.Select(n => n.Url);

    /// <summary>Starts <paramref name="count"/> nodes (one after another: the first generates the shared key).</summary>
    public static async Task<CacheCluster> StartAsync(int count = 3, int replicas = 3, int writeQuorum = 2)
    {
        var cluster = new CacheCluster(count, replicas, writeQuorum);
        try
        {
            foreach (var node in cluster.Nodes)
            {
                await node.StartAsync(cluster.Urls);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client that talks to one node, as <c>nix copy</c> talks to one URL.</summary>
    public BinaryCacheClient Client(CacheNodeProcess node)
    {
        var http = new HttpClient { BaseAddress = new Uri(node.Url + "/"), Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(http);
        return new BinaryCacheClient(http, Token);
    }

    /// <summary>
    /// A client of all the nodes, as a builder given every replica (<c>--cache</c> repeated): <paramref name="preferred"/>
    /// first, then the others; a node it cannot reach is skipped (rounds 3, backoff 200 ms).
    /// </summary>
    public BinaryCacheClient FailoverClient(CacheNodeProcess preferred)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        _clients.Add(http);
        Uri[] urls = [.. Nodes.Where(n => n != preferred).Prepend(preferred).Select(n => new Uri(n.Url))];
        return new BinaryCacheClient(http, urls, new CacheFailoverPolicy(3, TimeSpan.FromMilliseconds(200)), Token);
    }

    /// <summary>The nodes' shared signing key, as a Nix client trusts it (<c>trusted-public-keys</c>).</summary>
    public TrustedPublicKeys TrustedKeys => new([NixPublicKey.Load(Path.Combine(Nodes[0].Directory, "public-key"))]);

    /// <summary>Uploads a small unique store path through <paramref name="node"/>.</summary>
    public async Task<(StorePath Path, CacheWriteResult<Shared.NarInfoFormat.NarInfo> Result)> WriteAsync(CacheNodeProcess node)
    {
        var (path, nar) = await NewPathAsync();
        using (nar)
        {
            return (path, await Client(node).UploadPathAsync(path, nar, []));
        }
    }

    /// <summary>A unique store path and its NAR (one regular file).</summary>
    public async Task<(StorePath Path, MemoryStream Nar)> NewPathAsync()
    {
        var source = _work.Combine("source-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(source, $"contents {Guid.NewGuid()}\n");
        var nar = new MemoryStream();
        NarWriter.Write(source, nar);
        nar.Position = 0;
        return (StorePath.FromDigest(NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), "replicated"), nar);
    }

    /// <summary>A unique store path and its NAR: one file of <paramref name="bytes"/> random (incompressible) bytes.</summary>
    public async Task<(StorePath Path, byte[] Nar)> NewRandomPathAsync(int bytes)
    {
        var source = _work.Combine("source-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes(bytes));
        using var nar = new MemoryStream();
        NarWriter.Write(source, nar);
        File.Delete(source);
        return (StorePath.FromDigest(NixHash.Sha256(Guid.NewGuid().ToString()).Compress(20), "uploaded"), nar.ToArray());
    }

    /// <summary>Awaits <paramref name="condition"/>, polling; on timeout fails with what was expected and what was seen.</summary>
    public static async Task AwaitAsync(Func<bool> condition, TimeSpan timeout, string expected, Func<string> actual)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!condition())
        {
            if (deadline.IsCancellationRequested || !await tick.WaitForNextTickAsync(CancellationToken.None))
            {
                Assert.Fail($"after {timeout}: expected {expected}; actual: {actual()}");
            }
        }
    }

    /// <summary>Which nodes hold each path, e.g. <c>abc…: node0 node2</c>.</summary>
    public string Holders(IEnumerable<StorePath> paths) =>
        string.Join("; ", paths.Select(p => p.HashPart[..8] + ": " + string.Join(' ', Nodes.Select((n, i) => n.Holds(p.HashPart) ? "node" + i : null).OfType<string>())));

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.KillAsync();
            node.Dispose();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _work.Dispose();
    }

    private static int[] FreeLoopbackPorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}

using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>
/// Three real <c>asterfarm cache serve --peers …</c> processes on loopback: quorum writes, reads through any node, a
/// SIGKILLed replica catching up through anti-entropy, and re-replication after a node is removed for good.
/// </summary>
public sealed class ReplicationTests
{
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Acknowledged_writes_stay_readable_when_a_replica_is_killed_and_reach_it_again_after_restart()
    {
        await using var cluster = await CacheCluster.StartAsync(replicas: 3, writeQuorum: 2);
        var paths = await WriteAcknowledgedAsync(cluster, cluster.Nodes[0], count: 4);

        await cluster.Nodes[1].KillAsync();

        foreach (var node in new[] { cluster.Nodes[0], cluster.Nodes[2] })
        {
            await AssertReadableAsync(cluster, node, paths);
        }

        await cluster.Nodes[1].StartAsync(cluster.Urls);
        await CacheCluster.AwaitAsync(
            () => paths.All(p => cluster.Nodes.All(n => n.Holds(p.HashPart))),
            CatchUp,
            "every acknowledged path on all three nodes",
            () => cluster.Holders(paths));
    }

    [Fact]
    public async Task Paths_written_while_a_node_is_down_reach_it_after_it_rejoins()
    {
        await using var cluster = await CacheCluster.StartAsync(replicas: 3, writeQuorum: 2);
        var down = cluster.Nodes[2];
        await down.KillAsync();

        var paths = await WriteAcknowledgedAsync(cluster, cluster.Nodes[0], count: 4);
        Assert.True(paths.All(p => !down.Holds(p.HashPart)), $"the stopped node holds nothing new: {cluster.Holders(paths)}");

        await down.StartAsync(cluster.Urls);
        await CacheCluster.AwaitAsync(
            () => paths.All(p => cluster.Nodes.All(n => n.Holds(p.HashPart))),
            CatchUp,
            "every path written during the downtime on all three nodes",
            () => cluster.Holders(paths));
        await AssertReadableAsync(cluster, down, paths);
    }

    [Fact]
    public async Task A_write_that_cannot_reach_W_replicas_is_refused_with_503_and_not_acknowledged()
    {
        await using var cluster = await CacheCluster.StartAsync(replicas: 3, writeQuorum: 2);
        await cluster.Nodes[1].KillAsync();
        await cluster.Nodes[2].KillAsync();

        var (_, result) = await cluster.WriteAsync(cluster.Nodes[0]);

        Assert.False(result.IsStored, $"expected the write to be refused, got {result}");
        Assert.Equal(CacheRefusalKind.Unavailable, result.Refusal.Kind);
        Assert.True(result.Refusal.Message.Contains("1 of the 2 replicas", StringComparison.Ordinal), result.Refusal.Message);
    }

    [Fact]
    public async Task A_node_removed_for_good_has_its_data_re_replicated_to_the_remaining_nodes()
    {
        // R = 2 of 3 nodes, so removing one really moves ranges. Writes go through the node that will leave.
        await using var cluster = await CacheCluster.StartAsync(replicas: 2, writeQuorum: 2);
        var (a, b, leaving) = (cluster.Nodes[0], cluster.Nodes[1], cluster.Nodes[2]);
        var paths = await WriteAcknowledgedAsync(cluster, leaving, count: 9);
        Assert.True(
            paths.Any(p => !(a.Holds(p.HashPart) && b.Holds(p.HashPart))),
            $"some path should live on the leaving node and only one other: {cluster.Holders(paths)}");

        // Any node serves any path, fetching it from a replica when it lacks it.
        await AssertReadableAsync(cluster, a, paths);

        await leaving.KillAsync();
        string[] remaining = [a.Url, b.Url];
        foreach (var node in new[] { a, b })
        {
            await node.KillAsync();
            await node.StartAsync(remaining);
        }

        await CacheCluster.AwaitAsync(
            () => paths.All(p => a.Holds(p.HashPart) && b.Holds(p.HashPart)),
            CatchUp,
            "every path on both remaining nodes (R = 2)",
            () => cluster.Holders(paths));
        await AssertReadableAsync(cluster, b, paths);
    }

    [Fact]
    public async Task A_narinfo_may_reach_another_node_than_its_NAR_as_behind_a_load_balancer()
    {
        await using var cluster = await CacheCluster.StartAsync(replicas: 3, writeQuorum: 2);
        var (path, nar) = await cluster.NewPathAsync();
        await using var narStream = nar;

        var uploaded = await cluster.Client(cluster.Nodes[0]).UploadNarAsync(nar);
        Assert.True(uploaded.IsStored, $"NAR through node0: {uploaded}");
        var stored = uploaded.Value;
        var narInfo = new Shared.NarInfoFormat.NarInfo
        {
            StorePath = path,
            Url = stored.File.Url,
            Compression = stored.File.Compression.NixName(),
            FileHash = stored.FileHash,
            FileSize = (ulong)stored.FileSize,
            NarHash = stored.NarHash,
            NarSize = (ulong)stored.NarSize,
        };
        var result = await cluster.Client(cluster.Nodes[1]).UploadNarInfoAsync(narInfo);

        Assert.True(result.IsStored, $"narinfo through node1: expected acknowledged, got {result}");
        await CacheCluster.AwaitAsync(() => cluster.Nodes.All(n => n.Holds(path.HashPart)), CatchUp, "the path on all three nodes", () => cluster.Holders([path]));
    }

    private static async Task<List<StorePath>> WriteAcknowledgedAsync(CacheCluster cluster, CacheNodeProcess through, int count)
    {
        var paths = new List<StorePath>();
        for (var i = 0; i < count; i++)
        {
            var (path, result) = await cluster.WriteAsync(through);
            Assert.True(result.IsStored, $"write {i} through {through.Url}: expected acknowledged, got {result}");
            paths.Add(path);
        }

        return paths;
    }

    private static async Task AssertReadableAsync(CacheCluster cluster, CacheNodeProcess node, IEnumerable<StorePath> paths)
    {
        var client = cluster.Client(node);
        foreach (var path in paths)
        {
            var narInfo = await client.GetNarInfoAsync(path);
            Assert.True(narInfo is not null, $"{path.HashPart}.narinfo through {node.Url}: expected found, got 404 ({cluster.Holders([path])})");
            var download = await client.DownloadNarAsync(narInfo, Stream.Null);
            Assert.True(download.Status == NarDownloadStatus.Verified, $"NAR of {path.HashPart} through {node.Url}: expected verified, got {download.Status} {download.Message}");
        }
    }
}

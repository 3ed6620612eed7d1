using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Signing;
using Xunit.Abstractions;

namespace AsterFarm.Integration.Tests.Cache.Replication;

/// <summary>
/// Issue 6, cache under failure: three <c>asterfarm cache serve</c> replicas (R = 3, W = 2) and concurrent uploaders
/// using the builders' client with every replica's URL; one replica is SIGKILLed while it receives uploads.
/// </summary>
public sealed class ReplicaKilledDuringUploadsTests(ITestOutputHelper output)
{
    private const int Uploaders = 4;
    private const int FileBytes = 1 << 20;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_replica_killed_mid_upload_loses_no_acknowledged_path_serves_nothing_half_written_and_uploads_go_on()
    {
        await using var cluster = await CacheCluster.StartAsync(replicas: 3, writeQuorum: 2);
        var victim = cluster.Nodes[1];
        CacheNodeProcess[] survivors = [cluster.Nodes[0], cluster.Nodes[2]];
        var log = new UploadLog();
        using var stop = new CancellationTokenSource();

        // Half the uploaders send to the victim first; the others to a survivor, which forwards to the victim.
        var clients = Enumerable.Range(0, Uploaders).Select(i => cluster.FailoverClient(i % 2 == 0 ? victim : survivors[i / 2 % 2])).ToList();
        var uploads = clients.Select(client => Task.Run(() => UploadUntilStoppedAsync(cluster, client, log, stop.Token))).ToList();
        try
        {
            await CacheCluster.AwaitAsync(
                () => log.Acknowledged.Count >= 2 * Uploaders && UploadsInProgress(victim).Length > 0,
                Patience,
                "acknowledged uploads, and one being received by the victim",
                () => $"{log.Acknowledged.Count} acknowledged; failures: {string.Join("; ", log.Failures)}");
            var interrupted = UploadsInProgress(victim);
            await victim.KillAsync();
            log.MarkKill();

            await CacheCluster.AwaitAsync(
                () => log.Acknowledged.Count(u => u.StartedAfterKill) >= 2 * Uploaders || log.Failures.Count > 0,
                Patience,
                "uploads started after the kill acknowledged by the survivors",
                () => $"{log.Acknowledged.Count(u => u.StartedAfterKill)} acknowledged after the kill");
            await stop.CancelAsync();
            await Task.WhenAll(uploads);

            Assert.True(log.Failures.Count == 0, "every upload the victim could not finish goes to another replica: " + string.Join("; ", log.Failures));
            Assert.All(clients.Where((_, i) => i % 2 == 0), c => Assert.NotEqual(new Uri(victim.Url), c.PreferredCache));
            var acknowledged = log.Acknowledged;
            output.WriteLine(
                $"{acknowledged.Count} acknowledged ({acknowledged.Count(u => u.StartedAfterKill)} started after the kill); " +
                $"the victim was receiving {interrupted.Length} upload(s) when killed");
            foreach (var survivor in survivors)
            {
                await AssertServedVerifiedAsync(cluster, survivor, acknowledged);
                Assert.Empty(CacheDirectoryAudit.Problems(survivor.Directory));
            }

            await victim.StartAsync(cluster.Urls);
            Assert.DoesNotContain(interrupted, File.Exists);
            Assert.Empty(CacheDirectoryAudit.Problems(victim.Directory));
            await CacheCluster.AwaitAsync(
                () => acknowledged.All(u => cluster.Nodes.All(n => n.Holds(u.Path.HashPart))),
                Patience,
                "every acknowledged path on all three replicas again",
                () => cluster.Holders(acknowledged.Select(u => u.Path)));
            await AssertServedVerifiedAsync(cluster, victim, acknowledged);
            Assert.All(cluster.Nodes, node => Assert.Empty(CacheDirectoryAudit.Problems(node.Directory)));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(uploads).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    // Uploads fresh 1 MiB paths one after another until stopped; an upload under way when stopped is finished.
    private static async Task UploadUntilStoppedAsync(CacheCluster cluster, BinaryCacheClient client, UploadLog log, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var (path, nar) = await cluster.NewRandomPathAsync(FileBytes);
            var startedAfterKill = log.Killed;
            try
            {
                log.Record(path, NixHash.Sha256(nar), startedAfterKill, await client.UploadPathAsync(path, new MemoryStream(nar), [], cancellationToken: CancellationToken.None));
            }
            catch (HttpRequestException error)
            {
                log.Failed(path, error);
            }
        }
    }

    // Temp files of uploads the node is receiving (NARs from uploaders or from the replica forwarding to it). An upload
    // that completes between listing and stat renames its file away: it is no longer in progress.
    private static string[] UploadsInProgress(CacheNodeProcess node) =>
        [.. new DirectoryInfo(Path.Combine(node.Directory, ".asterfarm", "tmp")).EnumerateFiles().Where(HasBytes).Select(f => f.FullName)];

    private static bool HasBytes(FileInfo file)
    {
        try
        {
            return file.Length > 0;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    // Through this node alone, as a Nix client substitutes: a narinfo signed by the cache's key, naming the NAR that was
    // sent, and that NAR, verified against it.
    private static async Task AssertServedVerifiedAsync(CacheCluster cluster, CacheNodeProcess node, IEnumerable<AcknowledgedUpload> acknowledged)
    {
        var client = cluster.Client(node);
        var trusted = cluster.TrustedKeys;
        foreach (var upload in acknowledged)
        {
            var narInfo = await client.GetNarInfoAsync(upload.Path);
            Assert.True(narInfo is not null, $"{upload.Path.HashPart}.narinfo through {node.Url}: expected found ({cluster.Holders([upload.Path])})");
            Assert.Equal(upload.NarHash, narInfo.NarHash);
            Assert.True(NarInfoTrust.Decide(narInfo, trusted).IsTrusted, $"{upload.Path.HashPart}.narinfo through {node.Url} is not signed by the cache's key");
            var download = await client.DownloadNarAsync(narInfo, Stream.Null);
            Assert.True(download.Status == NarDownloadStatus.Verified, $"NAR of {upload.Path.HashPart} through {node.Url}: {download.Status} {download.Message}");
        }
    }
}

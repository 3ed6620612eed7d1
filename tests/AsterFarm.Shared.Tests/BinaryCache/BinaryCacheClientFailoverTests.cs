using System.Net;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>A client given several replicas of one cache: what moves it to the next replica, and what does not.</summary>
public sealed class BinaryCacheClientFailoverTests
{
    private static readonly Uri[] Replicas = [new("http://a:8080"), new("http://b:8080"), new("http://c:8080")];
    private static readonly CacheFailoverPolicy TwoQuickRounds = new(2, TimeSpan.Zero);

    [Fact]
    public async Task A_read_that_cannot_reach_the_preferred_replica_is_answered_by_the_next_which_stays_preferred()
    {
        var path = CacheTestData.UniquePath();
        var handler = new ScriptedCacheHandler((request, _) => request.RequestUri!.Host == "a"
            ? ScriptedCacheHandler.Unreachable(request)
            : ScriptedCacheHandler.Status(HttpStatusCode.NotFound));
        var client = Client(handler, TwoQuickRounds);

        Assert.Null(await client.GetNarInfoAsync(path));
        Assert.Null(await client.GetNarInfoAsync(path));

        string[] expected = [$"GET a/{path.HashPart}.narinfo (0)", $"GET b/{path.HashPart}.narinfo (0)", $"GET b/{path.HashPart}.narinfo (0)"];
        Assert.Equal(expected, handler.Log);
        Assert.Equal(Replicas[1].AbsoluteUri, client.PreferredCache!.AbsoluteUri);
    }

    [Fact]
    public async Task A_replica_dying_between_NAR_and_narinfo_gets_the_pair_sent_again_whole_to_the_next_replica()
    {
        var nar = CacheTestData.UniqueNar();
        var path = CacheTestData.UniquePath();
        var handler = new ScriptedCacheHandler((request, _) =>
            request.RequestUri!.Host == "a" && request.RequestUri.AbsolutePath.EndsWith(".narinfo", StringComparison.Ordinal)
                ? ScriptedCacheHandler.Unreachable(request)
                : ScriptedCacheHandler.Status(HttpStatusCode.OK));
        var client = Client(handler, TwoQuickRounds);

        var result = await client.UploadPathAsync(path, new MemoryStream(nar), []);

        Assert.True(result.IsStored, result.ToString());
        var narUrl = result.Value.Url;
        var fileSize = result.Value.FileSize;
        string[] expected =
        [
            $"PUT a/{narUrl} ({fileSize})", $"PUT a/{path.HashPart}.narinfo ", $"PUT b/{narUrl} ({fileSize})", $"PUT b/{path.HashPart}.narinfo ",
        ];
        Assert.Equal(expected.Length, handler.Log.Count);
        Assert.All(expected.Zip(handler.Log), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_is_the_caches_answer_and_goes_to_no_other_replica()
    {
        var handler = new ScriptedCacheHandler((_, _) => ScriptedCacheHandler.Status(HttpStatusCode.UnprocessableEntity, "NarHash mismatch"));
        var client = Client(handler, TwoQuickRounds);

        var result = await client.UploadNarInfoAsync(NarInfoFor(CacheTestData.UniquePath()));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Mismatch, result.Refusal.Kind);
        Assert.Single(handler.Log);
    }

    [Fact]
    public async Task A_write_every_replica_answers_503_is_tried_on_each_in_every_round_then_refused_as_unavailable()
    {
        var handler = new ScriptedCacheHandler((_, _) => ScriptedCacheHandler.Status(HttpStatusCode.ServiceUnavailable, "reached 1 of the 2 replicas needed"));
        var client = Client(handler, TwoQuickRounds);

        var result = await client.UploadNarInfoAsync(NarInfoFor(CacheTestData.UniquePath()));

        Assert.False(result.IsStored);
        Assert.Equal(CacheRefusalKind.Unavailable, result.Refusal.Kind);
        Assert.Contains("1 of the 2 replicas", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "c", "a", "b", "c"], handler.Log.Select(l => l.Split(' ')[1][..1]));
    }

    [Fact]
    public async Task When_no_replica_can_be_reached_in_any_round_the_request_fails_naming_every_replica()
    {
        var handler = new ScriptedCacheHandler((request, _) => ScriptedCacheHandler.Unreachable(request));
        var client = Client(handler, TwoQuickRounds);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetNarInfoAsync(CacheTestData.UniquePath()));

        Assert.Equal(6, handler.Log.Count);
        Assert.All(Replicas, replica => Assert.Contains(replica.AbsoluteUri, error.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_of_one_URL_tries_once_and_fails_with_the_transport_error_itself()
    {
        var handler = new ScriptedCacheHandler((request, _) => ScriptedCacheHandler.Unreachable(request));
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://only:8080/") };
        var client = new BinaryCacheClient(http);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetNarInfoAsync(CacheTestData.UniquePath()));

        Assert.StartsWith("Connection refused (only:8080)", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Log);
    }

    [Fact]
    public async Task The_caller_cancelling_is_not_a_dead_replica()
    {
        using var cancel = new CancellationTokenSource();
        var handler = new ScriptedCacheHandler((_, _) =>
        {
            cancel.Cancel();
            throw new OperationCanceledException(cancel.Token);
        });
        var client = Client(handler, TwoQuickRounds);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetNarInfoAsync(CacheTestData.UniquePath(), cancel.Token));

        Assert.Single(handler.Log);
        Assert.Equal(Replicas[0].AbsoluteUri, client.PreferredCache!.AbsoluteUri);
    }

    [Fact]
    public void The_backoff_doubles_after_each_round_in_which_no_replica_answered()
    {
        var policy = new CacheFailoverPolicy(4, TimeSpan.FromSeconds(1));

        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)],
            Enumerable.Range(0, 4).Select(policy.DelayBefore));
        Assert.Throws<ArgumentException>(() => new CacheFailoverPolicy(0, TimeSpan.Zero).Validate());
    }

    private static BinaryCacheClient Client(ScriptedCacheHandler handler, CacheFailoverPolicy policy) =>
        new(new HttpClient(handler), Replicas, policy, "token");

    private static NarInfo NarInfoFor(StorePath path)
    {
        var nar = CacheTestData.UniqueNar();
        var file = CacheTestData.Compress(nar, NarCompression.Zstd);
        var stored = new StoredNar(CacheTestData.NameOf(file, NarCompression.Zstd), file.Length, NixHash.Sha256(nar), nar.Length);
        return CacheTestData.NarInfoFor(path, stored);
    }
}

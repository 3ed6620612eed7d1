using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>
/// A signed narinfo is never replaced by an upload with other content (issue 11, defect 2): whoever holds the write
/// token could otherwise swap what a path means after clients trusted it. Uploading the same content again is fine.
/// </summary>
public sealed class NarInfoReplacementTests : IDisposable
{
    private readonly CacheStoreFixture _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task A_narinfo_for_a_path_already_stored_with_another_NAR_is_refused_as_a_conflict_and_the_first_stays()
    {
        var path = CacheTestData.UniquePath("openssl-3.0");
        var first = await CacheTestData.PutPathAsync(_cache.Store, path);
        var other = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar("forged"));

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, other));

        Assert.False(result.IsStored, "a narinfo with another NAR replaced the stored one");
        Assert.Equal(CacheRefusalKind.Conflict, result.Refusal.Kind);
        Assert.Contains(path.HashPart, result.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("NarHash", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(first, await _cache.Store.GetNarInfoAsync(path.HashPart));
    }

    [Fact]
    public async Task A_narinfo_with_other_references_is_refused_as_a_conflict()
    {
        var path = CacheTestData.UniquePath("curl-8.0");
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());
        var first = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, nar));
        Assert.True(first.IsStored, first.ToString());

        var result = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, nar, CacheTestData.UniquePath("evil")));

        Assert.False(result.IsStored, "a narinfo with other references replaced the stored one");
        Assert.Equal(CacheRefusalKind.Conflict, result.Refusal.Kind);
        Assert.Contains("References", result.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(first.Value, await _cache.Store.GetNarInfoAsync(path.HashPart));
    }

    [Fact]
    public async Task Uploading_the_same_narinfo_again_is_accepted_and_keeps_the_stored_one()
    {
        var path = CacheTestData.UniquePath("zlib-1.3");
        var nar = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());
        var first = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, nar));

        var again = await _cache.Store.PutNarInfoAsync(path.HashPart, CacheTestData.NarInfoFor(path, nar));

        Assert.True(again.IsStored, again.ToString());
        Assert.Equal(first.Value, again.Value);
        Assert.Equal(first.Value, await _cache.Store.GetNarInfoAsync(path.HashPart));
    }
}

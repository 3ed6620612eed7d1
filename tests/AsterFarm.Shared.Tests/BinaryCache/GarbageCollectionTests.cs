using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Shared.Tests.BinaryCache;

public sealed class GarbageCollectionTests : IDisposable
{
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CacheStoreFixture _cache;

    public GarbageCollectionTests()
    {
        _cache = new CacheStoreFixture(_clock);
    }

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task Size_cap_evicts_least_recently_used_paths_and_their_nars_but_keeps_roots_and_their_references()
    {
        var lib = CacheTestData.UniquePath("lib");
        var app = CacheTestData.UniquePath("app");
        var old = CacheTestData.UniquePath("old");
        var recent = CacheTestData.UniquePath("recent");
        await CacheTestData.PutPathAsync(_cache.Store, lib);
        await CacheTestData.PutPathAsync(_cache.Store, app, lib);
        await CacheTestData.PutPathAsync(_cache.Store, old);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await CacheTestData.PutPathAsync(_cache.Store, recent);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _cache.Store.GetNarInfoAsync(lib.HashPart);
        var total = _cache.PathsAndNars().Sum(f => new FileInfo(_cache.Combine(f)).Length);

        var result = await _cache.Store.CollectGarbageAsync(new GarbageCollectionPolicy { Roots = [app], MaxBytes = total - 1 });

        Assert.Equal([old.HashPart], result.EvictedHashParts);
        Assert.Equal(1, result.DeletedNarFiles);
        var left = (await _cache.Store.EnumerateHashPartsAsync().ToListAsync()).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { app, lib, recent }.Select(p => p.HashPart).Order(StringComparer.Ordinal), left);
        await AssertEveryNarInfoHasItsNarAsync();
    }

    [Fact]
    public async Task A_cap_that_only_removing_rooted_paths_could_meet_reports_the_shortfall_and_keeps_them()
    {
        var lib = CacheTestData.UniquePath("lib");
        var app = CacheTestData.UniquePath("app");
        var loose = CacheTestData.UniquePath("loose");
        await CacheTestData.PutPathAsync(_cache.Store, lib);
        await CacheTestData.PutPathAsync(_cache.Store, app, lib);
        await CacheTestData.PutPathAsync(_cache.Store, loose);
        var total = _cache.PathsAndNars().Sum(f => new FileInfo(_cache.Combine(f)).Length);

        var result = await _cache.Store.CollectGarbageAsync(new GarbageCollectionPolicy { Roots = [app], MaxBytes = 1 });

        Assert.Equal([loose.HashPart], result.EvictedHashParts);
        Assert.Equal(result.RemainingBytes - 1, result.ShortfallBytes);
        Assert.True(result.RemainingBytes < total, $"remaining {result.RemainingBytes} of {total}");
        Assert.Equal(new[] { app, lib }.Select(p => p.HashPart).Order(StringComparer.Ordinal), (await _cache.Store.EnumerateHashPartsAsync().ToListAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Orphan_nars_are_deleted_only_after_the_grace_period()
    {
        var orphan = await CacheTestData.PutNarAsync(_cache.Store, CacheTestData.UniqueNar());
        var policy = new GarbageCollectionPolicy { OrphanNarGracePeriod = TimeSpan.FromHours(1) };

        var early = await _cache.Store.CollectGarbageAsync(policy);
        File.SetLastWriteTimeUtc(_cache.Combine("nar", orphan.File.FileName), _clock.GetUtcNow().UtcDateTime);
        _clock.Advance(TimeSpan.FromHours(2));
        var late = await _cache.Store.CollectGarbageAsync(policy);

        Assert.Equal(0, early.DeletedNarFiles);
        Assert.Equal(1, late.DeletedNarFiles);
        Assert.Null(await _cache.Store.GetStoredNarAsync(orphan.File));
    }

    [Fact]
    public async Task Access_times_survive_a_restart()
    {
        var first = CacheTestData.UniquePath("first");
        var second = CacheTestData.UniquePath("second");
        await CacheTestData.PutPathAsync(_cache.Store, first);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await CacheTestData.PutPathAsync(_cache.Store, second);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _cache.Store.GetNarInfoAsync(first.HashPart);

        var store = _cache.Reopen();
        var result = await store.CollectGarbageAsync(new GarbageCollectionPolicy { MaxBytes = 1 });

        Assert.Equal([second.HashPart, first.HashPart], result.EvictedHashParts);
    }

    private async Task AssertEveryNarInfoHasItsNarAsync()
    {
        await foreach (var hashPart in _cache.Store.EnumerateHashPartsAsync())
        {
            var narInfo = await _cache.Store.GetNarInfoAsync(hashPart);
            Assert.True(NarFileName.TryParseUrl(narInfo!.Url, out var file, out _));
            Assert.True(File.Exists(_cache.Combine("nar", file.FileName)), $"{hashPart}.narinfo lost its NAR {file.Url}");
        }
    }
}

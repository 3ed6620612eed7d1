using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Shared.Tests.BinaryCache;

public sealed class NarInfoMemoryCacheTests : IDisposable
{
    private const string HashPart = "0mv6ad1fj9gscs29bbn50lwmlsh4cv6c";
    private readonly TempDirectory _dir = new("narinfo-memory");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_narinfo_rewritten_or_deleted_behind_the_cache_is_never_served_stale()
    {
        var cache = new NarInfoMemoryCache(1 << 20);
        var path = _dir.Combine(HashPart + ".narinfo");
        File.WriteAllText(path, "StorePath: first\n");
        Assert.Equal("StorePath: first\n"u8.ToArray(), cache.Read(HashPart, path));

        File.WriteAllText(path, "StorePath: second, longer\n");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal("StorePath: second, longer\n"u8.ToArray(), cache.Read(HashPart, path));

        File.Delete(path);
        Assert.Null(cache.Read(HashPart, path));
        Assert.Equal(0, cache.Bytes);
    }

    [Fact]
    public void The_cache_stays_within_its_budget_keeping_the_recently_used()
    {
        var cache = new NarInfoMemoryCache(16 * 1024);
        var paths = Enumerable.Range(0, 100).Select(i => _dir.Combine($"{i}.narinfo")).ToList();
        foreach (var path in paths)
        {
            File.WriteAllBytes(path, new byte[500]);
        }

        foreach (var (path, i) in paths.Select((p, i) => (p, i)))
        {
            Assert.NotNull(cache.Read(i.ToString(System.Globalization.CultureInfo.InvariantCulture), path));
            Assert.True(cache.Bytes <= 16 * 1024, $"{cache.Bytes} bytes cached");
        }

        Assert.True(cache.Bytes > 8 * 1024, $"only {cache.Bytes} bytes cached");
    }
}

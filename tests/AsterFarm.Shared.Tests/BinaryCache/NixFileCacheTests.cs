using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>A directory written by real <c>nix copy --to file://</c> (the shared vectors) opens as a cache.</summary>
public sealed class NixFileCacheTests : IDisposable
{
    private readonly TempDirectory _directory = new("asterfarm-nixcache");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_cache_written_by_nix_copy_is_readable_and_its_nars_are_measured_on_demand()
    {
        CopyDirectory(Path.Combine(TestVectors.Directory, "cache"), _directory.Path);
        using var store = FileBinaryCacheStore.Open(new FileBinaryCacheStoreOptions { Directory = _directory.Path });
        var multi = StorePath.Parse("lmxw7czkhbfsm9brnr6c31xwmljwwxqk-multi");

        var narInfo = await store.GetNarInfoAsync(multi.HashPart);
        Assert.NotNull(narInfo);
        Assert.True(NarFileName.TryParseUrl(narInfo.Url, out var file, out _));
        var measured = await store.GetStoredNarAsync(file);

        Assert.NotNull(measured);
        Assert.Equal(narInfo.NarHash, measured.NarHash);
        Assert.Equal((long)narInfo.NarSize, measured.NarSize);
        Assert.Equal(narInfo.Signatures, (await store.GetNarInfoAsync(multi.HashPart))!.Signatures);
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}

using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Shared.Tests.BinaryCache;

/// <summary>A <see cref="FileBinaryCacheStore"/> in a temp directory, removed on dispose.</summary>
internal sealed class CacheStoreFixture : IDisposable
{
    private readonly TempDirectory _directory = new("asterfarm-cache");

    public CacheStoreFixture(TimeProvider? time = null)
    {
        Time = time ?? TimeProvider.System;
        Store = Open();
    }

    public TimeProvider Time { get; }

    public FileBinaryCacheStore Store { get; private set; }

    public string Root => _directory.Path;

    public string Combine(params string[] parts) => _directory.Combine(parts);

    /// <summary>Every file under the cache directory that a client could see (not AsterFarm's private state).</summary>
    public IReadOnlyList<string> VisibleFiles() =>
        [.. Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f))
            .Where(f => !f.StartsWith(".asterfarm", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public IReadOnlyList<string> PathsAndNars() =>
        [.. VisibleFiles().Where(f => f.EndsWith(".narinfo", StringComparison.Ordinal) || f.StartsWith("nar/", StringComparison.Ordinal))];

    public FileBinaryCacheStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    public void Dispose()
    {
        Store.Dispose();
        _directory.Dispose();
    }

    private FileBinaryCacheStore Open() => FileBinaryCacheStore.Open(new FileBinaryCacheStoreOptions { Directory = Root, SigningKeyName = "test-cache-1", TimeProvider = Time });
}

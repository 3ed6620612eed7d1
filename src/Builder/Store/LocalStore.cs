using System.Collections.Concurrent;
using System.Text;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.FileSystem;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Store;

/// <summary>
/// The builder's own store of fetched inputs: <c>DIR/&lt;hash&gt;-&lt;name&gt;</c>, bound into sandboxes at
/// <c>/nix/store</c>. Paths are downloaded from the cache (verified against NarHash while streaming) into a temporary
/// name and renamed into place, so a present path is always complete; a path is fetched at most once however many
/// builds need it at the same time; the sum of NAR sizes is kept under a cap by evicting the least recently used paths
/// that no running build holds (<see cref="Hold"/>). Each path's narinfo is kept in <c>DIR/.meta</c> so the store
/// survives a restart.
/// </summary>
public sealed class LocalStore
{
    private const string MetaDirectoryName = ".meta";
    private const string TempPrefix = ".tmp-";

    private readonly StoreDir _storeDir;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private readonly Dictionary<StorePath, (LocalStoreEntry Entry, long LastUse)> _entries = [];
    private readonly Dictionary<StorePath, int> _holds = [];
    private readonly ConcurrentDictionary<StorePath, Lazy<Task<LocalStoreEntry>>> _downloads = new();
    private long _clock;
    private long _totalBytes;

    /// <summary>Opens (or creates) the store at <paramref name="directory"/>, forgetting unfinished downloads of a previous run.</summary>
    public LocalStore(string directory, long maxBytes, StoreDir? storeDir = null)
    {
        Directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _storeDir = storeDir ?? StoreDir.Default;
        System.IO.Directory.CreateDirectory(MetaDirectory);
        Load();
    }

    /// <summary>The host directory holding the paths.</summary>
    public string Directory { get; }

    /// <summary>The sum of the NAR sizes of the present paths.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_lock)
            {
                return _totalBytes;
            }
        }
    }

    private string MetaDirectory => Path.Combine(Directory, MetaDirectoryName);

    /// <summary>The host path of <paramref name="path"/> (present or not).</summary>
    public string HostPath(StorePath path) => Path.Combine(Directory, path.BaseName);

    /// <summary>The entry of <paramref name="path"/> if present; marks it used.</summary>
    public bool TryGet(StorePath path, out LocalStoreEntry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(path, out var found))
            {
                _entries[path] = (found.Entry, ++_clock);
                entry = found.Entry;
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>
    /// Keeps <paramref name="paths"/> from eviction until the returned hold is disposed (a running build holds its
    /// input closure). Paths may be held before they are fetched.
    /// </summary>
    public IDisposable Hold(IEnumerable<StorePath> paths)
    {
        var held = paths.Distinct().ToArray();
        lock (_lock)
        {
            foreach (var path in held)
            {
                _holds[path] = _holds.GetValueOrDefault(path) + 1;
            }
        }

        return new StoreHold(this, held);
    }

    /// <summary>
    /// Makes <paramref name="narInfo"/>'s path present, downloading it unless it is; concurrent calls for one path share
    /// one download. Throws <see cref="StoreFetchException"/> when the cache lacks the NAR or it does not verify, and
    /// <see cref="HttpRequestException"/> when the cache cannot be reached.
    /// </summary>
    public async Task<LocalStoreEntry> EnsureAsync(NarInfo narInfo, BinaryCacheClient cache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        if (TryGet(narInfo.StorePath, out var present))
        {
            return present;
        }

        // The download itself is not cancelled by one waiter: others may share it.
        var download = _downloads.GetOrAdd(
            narInfo.StorePath,
            path => new Lazy<Task<LocalStoreEntry>>(() => DownloadAsync(narInfo, cache)));
        try
        {
            return await download.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (download.Value.IsCompleted)
            {
                _downloads.TryRemove(new KeyValuePair<StorePath, Lazy<Task<LocalStoreEntry>>>(narInfo.StorePath, download));
            }
        }
    }

    /// <summary>
    /// Moves a freshly built path at <paramref name="hostPath"/> into the store (so later builds on this node need not
    /// fetch it). Does nothing when the path is already present or the move would cross file systems.
    /// </summary>
    public void Adopt(string hostPath, NarInfo narInfo)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        lock (_lock)
        {
            if (_entries.ContainsKey(narInfo.StorePath) || _downloads.ContainsKey(narInfo.StorePath))
            {
                return;
            }

            try
            {
                File.WriteAllText(MetaPath(narInfo.StorePath), narInfo.Print(_storeDir), Encoding.UTF8);
                LinuxFileSystem.RenameNoReplace(hostPath, HostPath(narInfo.StorePath));
            }
            catch (IOException)
            {
                File.Delete(MetaPath(narInfo.StorePath));
                return;
            }

            _entries[narInfo.StorePath] = (new LocalStoreEntry(HostPath(narInfo.StorePath), narInfo), ++_clock);
            _totalBytes += (long)narInfo.NarSize;
        }

        Trim();
    }

    /// <summary>Evicts least recently used paths that no build holds until the store fits its cap.</summary>
    public void Trim()
    {
        var victims = new List<string>();
        lock (_lock)
        {
            if (_totalBytes <= _maxBytes)
            {
                return;
            }

            foreach (var (path, (entry, _)) in _entries.OrderBy(e => e.Value.LastUse).ToArray())
            {
                if (_totalBytes <= _maxBytes)
                {
                    break;
                }

                if (_holds.ContainsKey(path) || _downloads.ContainsKey(path))
                {
                    continue;
                }

                // Renamed away under the lock, so no build can find it half-deleted.
                var trash = Path.Combine(Directory, TempPrefix + Guid.NewGuid().ToString("N"));
                LinuxFileSystem.RenameNoReplace(entry.HostPath, trash);
                File.Delete(MetaPath(path));
                _entries.Remove(path);
                _totalBytes -= (long)entry.NarInfo.NarSize;
                victims.Add(trash);
            }
        }

        foreach (var victim in victims)
        {
            StoreTree.Delete(victim);
        }
    }

    internal void Release(IEnumerable<StorePath> paths)
    {
        lock (_lock)
        {
            foreach (var path in paths)
            {
                var count = _holds.GetValueOrDefault(path) - 1;
                if (count <= 0)
                {
                    _holds.Remove(path);
                }
                else
                {
                    _holds[path] = count;
                }
            }
        }

        Trim();
    }

    private async Task<LocalStoreEntry> DownloadAsync(NarInfo narInfo, BinaryCacheClient cache)
    {
        // Yield first so the Lazy's factory returns at once and no caller runs the download inline.
        await Task.Yield();
        var target = HostPath(narInfo.StorePath);
        var temp = Path.Combine(Directory, TempPrefix + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await cache.DownloadAndUnpackAsync(narInfo, temp, CancellationToken.None).ConfigureAwait(false);
            if (!result.IsVerified)
            {
                throw new StoreFetchException(narInfo.StorePath, $"cannot fetch {_storeDir.Print(narInfo.StorePath)}: {result.Message}");
            }

            await File.WriteAllTextAsync(MetaPath(narInfo.StorePath), narInfo.Print(_storeDir), Encoding.UTF8).ConfigureAwait(false);
            StoreTree.Delete(target);
            LinuxFileSystem.RenameNoReplace(temp, target);
        }
        finally
        {
            StoreTree.Delete(temp);
        }

        var entry = new LocalStoreEntry(target, narInfo);
        lock (_lock)
        {
            _entries[narInfo.StorePath] = (entry, ++_clock);
            _totalBytes += (long)narInfo.NarSize;
        }

        Trim();
        return entry;
    }

    private string MetaPath(StorePath path) => Path.Combine(MetaDirectory, path.BaseName + ".narinfo");

    private void Load()
    {
        foreach (var stale in System.IO.Directory.EnumerateFileSystemEntries(Directory, TempPrefix + "*"))
        {
            StoreTree.Delete(stale);
        }

        foreach (var meta in new DirectoryInfo(MetaDirectory).EnumerateFiles("*.narinfo").OrderBy(f => f.LastWriteTimeUtc))
        {
            if (!NarInfo.TryParse(File.ReadAllText(meta.FullName), _storeDir, out var narInfo, out _)
                || LinuxFileSystem.LStat(HostPath(narInfo.StorePath)).Kind == FileKind.Missing)
            {
                meta.Delete();
                continue;
            }

            _entries[narInfo.StorePath] = (new LocalStoreEntry(HostPath(narInfo.StorePath), narInfo), ++_clock);
            _totalBytes += (long)narInfo.NarSize;
        }
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// A binary cache in a directory, in Nix's file-cache layout (<c>nix-cache-info</c>, <c>&lt;hash&gt;.narinfo</c>,
/// <c>nar/&lt;filehash&gt;.nar[.zst|.xz]</c>, <c>log/&lt;drv&gt;</c>): a directory written by
/// <c>nix copy --to file://DIR</c> can be opened, and the directory can be served by a static web server.
/// Every write is atomic and verified; see <see cref="IBinaryCacheStore"/>.
/// </summary>
public sealed partial class FileBinaryCacheStore : IBinaryCacheStore, ILocalNarFiles, IDisposable
{
    private readonly CacheLayout _layout;
    private readonly NixSecretKey _key;
    private readonly StoreDir _storeDir;
    private readonly FileBinaryCacheStoreOptions _options;
    private readonly ILogger _logger;

    // Last access per hash part since the last flush; persisted as the narinfo's mtime (see FlushAccessTimes), so
    // reads cost no disk write.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessed = new(StringComparer.Ordinal);

    // Held while a narinfo is published (its NAR must still exist) and while garbage collection deletes.
    private readonly SemaphoreSlim _publishGate = new(1, 1);

    // What GET <hash>.narinfo serves most: the bytes of recently read narinfos (revalidated by a stat per read).
    private readonly NarInfoMemoryCache _narInfoBytes;

    private FileBinaryCacheStore(FileBinaryCacheStoreOptions options, CacheLayout layout, NixSecretKey key, ILogger logger)
    {
        _options = options;
        _layout = layout;
        _key = key;
        _logger = logger;
        _storeDir = new StoreDir(options.CacheInfo.StoreDir);
        _narInfoBytes = new NarInfoMemoryCache(options.NarInfoMemoryCacheBytes);
    }

    public NixCacheInfo CacheInfo => _options.CacheInfo;

    public NixPublicKey PublicKey => _key.PublicKey;

    /// <summary>The cache directory (absolute).</summary>
    public string Directory => _layout.Root;

    /// <summary>
    /// Opens (creating if needed) the cache directory: removes temp files left by a crash, loads or generates the
    /// signing key, writes <c>nix-cache-info</c> and <c>public-key</c>.
    /// </summary>
    public static FileBinaryCacheStore Open(FileBinaryCacheStoreOptions options, ILogger<FileBinaryCacheStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var layout = new CacheLayout(options.Directory);
        layout.CreateDirectories();
        var log = (ILogger?)logger ?? NullLogger.Instance;
        var cleaned = CleanStaleFiles(layout);
        if (cleaned > 0)
        {
            BinaryCacheLog.CleanedStale(log, cleaned, layout.Root);
        }

        var key = CacheSigningKey.LoadOrGenerate(options.SigningKeyPath ?? layout.DefaultSecretKey, options.SigningKeyName);
        var store = new FileBinaryCacheStore(options, layout, key, log);
        WriteIfChanged(layout.CacheInfo, options.CacheInfo.Print());
        WriteIfChanged(layout.PublicKey, key.PublicKey.ToKeyFileText());
        BinaryCacheLog.Opened(log, layout.Root, key.Name);
        return store;
    }

    public Task<NarInfo?> GetNarInfoAsync(string hashPart, CancellationToken cancellationToken = default) =>
        NarInfoStreams.ReadAsync(OpenNarInfoAsync(hashPart, cancellationToken), _storeDir, hashPart);

    /// <summary>
    /// The narinfo as stored, from memory when it was read recently and its file is unchanged: a read-only
    /// <see cref="MemoryStream"/> whose buffer is exposed (<see cref="MemoryStream.TryGetBuffer"/>), so a server can
    /// send the bytes without copying.
    /// </summary>
    public Task<Stream?> OpenNarInfoAsync(string hashPart, CancellationToken cancellationToken = default)
    {
        if (!Base32Text.IsHashPart(hashPart))
        {
            return Task.FromResult<Stream?>(null);
        }

        var bytes = _narInfoBytes.Read(hashPart, _layout.NarInfo(hashPart));
        if (bytes is null)
        {
            return Task.FromResult<Stream?>(null);
        }

        _accessed[hashPart] = _options.TimeProvider.GetUtcNow();
        return Task.FromResult<Stream?>(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true));
    }

    public Task<bool> HasNarInfoAsync(string hashPart, CancellationToken cancellationToken = default) =>
        Task.FromResult(Base32Text.IsHashPart(hashPart) && File.Exists(_layout.NarInfo(hashPart)));

    public Task<Stream?> OpenNarAsync(NarFileName file, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(TryOpenRead(_layout.Nar(file)));

    /// <summary>The NAR's file on disk, for zero-copy serving (<c>sendfile</c>), or null if absent.</summary>
    public string? GetNarFilePath(NarFileName file)
    {
        var path = _layout.Nar(file);
        return File.Exists(path) ? path : null;
    }

    public Task<IReadOnlyList<StorePath>> QueryMissingAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        IReadOnlyList<StorePath> missing = [.. paths.Where(p => !File.Exists(_layout.NarInfo(p.HashPart)))];
        return Task.FromResult(missing);
    }

    public Task<Stream?> OpenLogAsync(StorePath derivation, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(TryOpenRead(_layout.Log(derivation)));

    public Task<Stream?> OpenListingAsync(string hashPart, CancellationToken cancellationToken = default) =>
        Task.FromResult<Stream?>(Base32Text.IsHashPart(hashPart) ? TryOpenRead(_layout.Listing(hashPart)) : null);

    public async IAsyncEnumerable<string> EnumerateHashPartsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var path in System.IO.Directory.EnumerateFiles(_layout.Root, "*.narinfo"))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hashPart = Path.GetFileNameWithoutExtension(path);
            if (Base32Text.IsHashPart(hashPart))
            {
                yield return hashPart;
            }
        }
    }

    /// <summary>Persists recorded access times (as narinfo mtimes) so eviction order survives a restart.</summary>
    public void FlushAccessTimes()
    {
        foreach (var (hashPart, when) in _accessed)
        {
            try
            {
                File.SetLastWriteTimeUtc(_layout.NarInfo(hashPart), when.UtcDateTime);
            }
            catch (FileNotFoundException)
            {
                // Evicted or never completed: nothing to remember.
            }

            _accessed.TryRemove(KeyValuePair.Create(hashPart, when));
        }
    }

    public void Dispose()
    {
        FlushAccessTimes();
        _key.Dispose();
        _publishGate.Dispose();
    }

    private static FileStream? TryOpenRead(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static int CleanStaleFiles(CacheLayout layout)
    {
        // Temp files are uploads a crash interrupted; nothing refers to them.
        var count = 0;
        foreach (var temp in System.IO.Directory.EnumerateFiles(layout.TempDirectory))
        {
            File.Delete(temp);
            count++;
        }

        // A sidecar is written just before its NAR is renamed into place; one without a NAR is from such a crash.
        foreach (var sidecar in System.IO.Directory.EnumerateFiles(layout.SidecarDirectory, "*.meta"))
        {
            var narName = Path.GetFileNameWithoutExtension(sidecar);
            if (!File.Exists(Path.Combine(layout.NarDirectory, narName)))
            {
                File.Delete(sidecar);
                count++;
            }
        }

        return count;
    }

    private static void WriteIfChanged(string path, string text)
    {
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temp, path, overwrite: true);
        }
    }
}

using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Coordinator.Dashboard.Cache;

/// <summary>
/// This coordinator's cache replica on disk: paths (narinfo files), NAR files and their bytes, logs. Counted by a
/// directory scan off the request thread, reused for <see cref="DashboardOptions.CacheScanInterval"/>, so a page
/// view never walks a large cache more than once per interval.
/// </summary>
internal sealed class CacheStatistics(FileBinaryCacheStore store, DashboardOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<CacheSnapshot>? _scan;
    private DateTimeOffset _scannedAt = DateTimeOffset.MinValue;

    public Task<CacheSnapshot> GetAsync()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_scan is null || (_scan.IsCompleted && now - _scannedAt > options.CacheScanInterval))
            {
                _scannedAt = now;
                _scan = Task.Run(() => Scan(store.Directory, now));
            }

            return _scan;
        }
    }

    private static CacheSnapshot Scan(string root, DateTimeOffset at)
    {
        var paths = Directory.EnumerateFiles(root, "*.narinfo").LongCount();
        long narFiles = 0, narBytes = 0, logs = 0;
        var nar = Path.Combine(root, "nar");
        if (Directory.Exists(nar))
        {
            foreach (var file in new DirectoryInfo(nar).EnumerateFiles())
            {
                narFiles++;
                narBytes += file.Length;
            }
        }

        var log = Path.Combine(root, "log");
        if (Directory.Exists(log))
        {
            logs = Directory.EnumerateFiles(log).LongCount();
        }

        return new CacheSnapshot(paths, narFiles, narBytes, logs, at);
    }
}

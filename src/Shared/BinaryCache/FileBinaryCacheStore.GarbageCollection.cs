using AsterFarm.Shared.NarInfoFormat;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>Garbage collection of <see cref="FileBinaryCacheStore"/>.</summary>
public sealed partial class FileBinaryCacheStore
{
    /// <summary>
    /// Evicts least-recently-used paths beyond <see cref="GarbageCollectionPolicy.MaxBytes"/> (never the roots'
    /// closures, never a path a remaining path refers to, see <see cref="GarbageCollectionPlanner"/>), then deletes NAR
    /// files no narinfo names. A narinfo is always deleted before its NAR, so no narinfo is ever left without it.
    /// </summary>
    public async Task<GarbageCollectionResult> CollectGarbageAsync(GarbageCollectionPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        FlushAccessTimes();
        await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Collect(policy), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    private GarbageCollectionResult Collect(GarbageCollectionPolicy policy)
    {
        var entries = ReadEntries();
        var evicted = GarbageCollectionPlanner.Plan(entries.Values, policy.Roots.Select(r => r.HashPart), policy.MaxBytes);
        long freed = 0;
        var evictedNars = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hashPart in evicted)
        {
            evictedNars.Add(entries[hashPart].NarFile.FileName);
            var narInfoPath = _layout.NarInfo(hashPart);
            freed += new FileInfo(narInfoPath).Length;
            File.Delete(narInfoPath);
            File.Delete(_layout.Listing(hashPart));
            entries.Remove(hashPart);
        }

        // NAR files still named by a narinfo stay; the others go (orphans only after the grace period, as a fresh
        // orphan is an upload whose narinfo has not arrived yet).
        var named = entries.Values.Select(e => e.NarFile.FileName).ToHashSet(StringComparer.Ordinal);
        var orphanCutoff = _options.TimeProvider.GetUtcNow() - policy.OrphanNarGracePeriod;
        var deletedNars = 0;
        foreach (var nar in new DirectoryInfo(_layout.NarDirectory).EnumerateFiles())
        {
            if (named.Contains(nar.Name) || !NarFileName.TryParse(nar.Name, out var file, out _))
            {
                continue;
            }

            if (new DateTimeOffset(nar.LastWriteTimeUtc) < orphanCutoff || evictedNars.Contains(nar.Name))
            {
                freed += nar.Length;
                nar.Delete();
                File.Delete(_layout.Sidecar(file));
                deletedNars++;
            }
        }

        var remaining = entries.Values.Sum(e => e.Bytes);
        BinaryCacheLog.Collected(_logger, evicted.Count, deletedNars, freed, remaining);
        var shortfall = policy.MaxBytes is { } cap && remaining > cap ? remaining - cap : 0;
        if (shortfall > 0)
        {
            BinaryCacheLog.RootsExceedCap(_logger, shortfall, remaining, policy.MaxBytes!.Value);
        }

        return new GarbageCollectionResult(evicted, deletedNars, freed, remaining, shortfall);
    }

    private Dictionary<string, CacheEntry> ReadEntries()
    {
        var entries = new Dictionary<string, CacheEntry>(StringComparer.Ordinal);
        foreach (var info in new DirectoryInfo(_layout.Root).EnumerateFiles("*.narinfo"))
        {
            var hashPart = Path.GetFileNameWithoutExtension(info.Name);
            if (!Base32Text.IsHashPart(hashPart))
            {
                continue;
            }

            if (!NarInfoParser.TryLoad(info.FullName, _storeDir, out var narInfo, out var error)
                || !NarFileName.TryParseUrl(narInfo.Url, out var file, out _))
            {
                BinaryCacheLog.UnreadableNarInfo(_logger, info.FullName, error?.ToString() ?? "URL outside nar/");
                continue;
            }

            var narPath = _layout.Nar(file);
            var narBytes = File.Exists(narPath) ? new FileInfo(narPath).Length : 0;
            entries[hashPart] = new CacheEntry(
                hashPart,
                [.. narInfo.References.Select(r => r.HashPart)],
                file,
                info.Length + narBytes,
                new DateTimeOffset(info.LastWriteTimeUtc));
        }

        return entries;
    }
}

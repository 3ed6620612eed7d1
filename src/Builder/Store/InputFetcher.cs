using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Store;

/// <summary>
/// Fetches the closure of some store paths from the cache into a <see cref="LocalStore"/>: narinfos are followed
/// through their References (the local copy's narinfo is used for present paths), then the missing NARs are
/// downloaded in parallel.
/// </summary>
public sealed class InputFetcher(LocalStore store, BinaryCacheClient cache, StoreDir storeDir)
{
    private const int Parallelism = 8;

    /// <summary>
    /// Makes the closure of <paramref name="roots"/> present and holds it. Throws <see cref="StoreFetchException"/> for a
    /// path the cache lacks or serves corrupted, <see cref="HttpRequestException"/> when the cache is unreachable.
    /// </summary>
    public async Task<InputClosure> FetchClosureAsync(IEnumerable<StorePath> roots, CancellationToken cancellationToken)
    {
        var narInfos = new Dictionary<StorePath, NarInfo>();
        var frontier = roots.Distinct().ToList();
        var hold = store.Hold(frontier);
        try
        {
            while (frontier.Count > 0)
            {
                var found = await Task.WhenAll(frontier.Select(path => NarInfoOfAsync(path, cancellationToken))).ConfigureAwait(false);
                foreach (var narInfo in found)
                {
                    narInfos[narInfo.StorePath] = narInfo;
                }

                frontier = [.. found.SelectMany(n => n.References).Distinct().Where(r => !narInfos.ContainsKey(r))];
            }

            var closureHold = store.Hold(narInfos.Keys);
            hold.Dispose();
            hold = closureHold;
            var entries = new System.Collections.Concurrent.ConcurrentDictionary<StorePath, LocalStoreEntry>();
            var downloaded = 0;
            await Parallel.ForEachAsync(
                narInfos.Values,
                new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (narInfo, token) =>
                {
                    if (!store.TryGet(narInfo.StorePath, out var entry))
                    {
                        entry = await store.EnsureAsync(narInfo, cache, token).ConfigureAwait(false);
                        Interlocked.Increment(ref downloaded);
                    }

                    entries[narInfo.StorePath] = entry;
                }).ConfigureAwait(false);
            return new InputClosure(entries, hold) { Downloaded = downloaded };
        }
        catch
        {
            hold.Dispose();
            throw;
        }
    }

    private async Task<NarInfo> NarInfoOfAsync(StorePath path, CancellationToken cancellationToken)
    {
        if (store.TryGet(path, out var present))
        {
            return present.NarInfo;
        }

        return await cache.GetNarInfoAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new StoreFetchException(path, $"{storeDir.Print(path)} is not in the cache");
    }
}

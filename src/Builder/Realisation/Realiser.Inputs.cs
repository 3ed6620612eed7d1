using AsterFarm.Builder.Store;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

public sealed partial class Realiser
{
    /// <summary>
    /// The .drv file's bytes: from the local store when present, else from the cache (as a text path, then kept in
    /// the local store), else from <paramref name="localDirectory"/>.
    /// </summary>
    private async Task<byte[]> LoadDerivationBytesAsync(StorePath drvPath, string? localDirectory, CancellationToken cancellationToken)
    {
        using (_store.Hold([drvPath]))
        {
            if (!_store.TryGet(drvPath, out var entry))
            {
                var narInfo = await _cache.GetNarInfoAsync(drvPath, cancellationToken).ConfigureAwait(false);
                if (narInfo is null)
                {
                    var local = localDirectory is null ? null : Path.Combine(localDirectory, drvPath.BaseName);
                    return local is not null && File.Exists(local)
                        ? await File.ReadAllBytesAsync(local, cancellationToken).ConfigureAwait(false)
                        : throw new StoreFetchException(drvPath, $"{_storeDir.Print(drvPath)} is not in the cache (upload the .drv closure first, e.g. with 'nix copy --to')");
                }

                entry = await _store.EnsureAsync(narInfo, _cache, cancellationToken).ConfigureAwait(false);
            }

            return await File.ReadAllBytesAsync(entry.HostPath, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The input sources and the wanted outputs of the input derivations (their closure is fetched next).</summary>
    private async Task<HashSet<StorePath>> InputRootsAsync(Derivation derivation, string? localDirectory, CancellationToken cancellationToken)
    {
        var roots = new HashSet<StorePath>(derivation.InputSrcs);
        var inputs = await Task.WhenAll(derivation.InputDrvs.Select(async input =>
        {
            var bytes = await LoadDerivationBytesAsync(input.Key, localDirectory, cancellationToken).ConfigureAwait(false);
            return (Path: input.Key, Derivation: DerivationParser.Parse(bytes, _storeDir), Wanted: input.Value);
        })).ConfigureAwait(false);
        foreach (var (path, inputDerivation, wanted) in inputs)
        {
            foreach (var name in wanted)
            {
                if (!inputDerivation.Outputs.TryGetValue(name, out var output) || output.Path is not { } outputPath)
                {
                    throw new StoreFetchException(path, $"input derivation '{_storeDir.Print(path)}' has no output '{name}' with a known path");
                }

                roots.Add(outputPath);
            }
        }

        return roots;
    }
}

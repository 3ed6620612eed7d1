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

    /// <summary>
    /// The input sources and the wanted outputs of the input derivations (their closure is fetched next): from
    /// <paramref name="verifiedOutputs"/>, the output paths the derivation check computed, where given; else as the
    /// input <c>.drv</c> files state them.
    /// </summary>
    private async Task<HashSet<StorePath>> InputRootsAsync(
        Derivation derivation,
        string? localDirectory,
        Dictionary<StorePath, IReadOnlyDictionary<string, StorePath?>>? verifiedOutputs,
        CancellationToken cancellationToken)
    {
        var roots = new HashSet<StorePath>(derivation.InputSrcs);
        var inputs = await Task.WhenAll(derivation.InputDrvs.Select(async input =>
        {
            if (verifiedOutputs is not null && verifiedOutputs.TryGetValue(input.Key, out var verified))
            {
                return (Path: input.Key, Outputs: verified, Wanted: input.Value);
            }

            var bytes = await LoadDerivationBytesAsync(input.Key, localDirectory, cancellationToken).ConfigureAwait(false);
            var stated = DerivationParser.Parse(bytes, _storeDir).Outputs;
            return (Path: input.Key, Outputs: (IReadOnlyDictionary<string, StorePath?>)stated.ToDictionary(o => o.Key, o => o.Value.Path, StringComparer.Ordinal), Wanted: input.Value);
        })).ConfigureAwait(false);
        foreach (var (path, inputOutputs, wanted) in inputs)
        {
            foreach (var name in wanted)
            {
                if (!inputOutputs.TryGetValue(name, out var outputPath) || outputPath is not { } known)
                {
                    throw new StoreFetchException(path, $"input derivation '{_storeDir.Print(path)}' has no output '{name}' with a known path");
                }

                roots.Add(known);
            }
        }

        return roots;
    }
}

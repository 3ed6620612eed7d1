using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>
/// Uploads what the cache lacks of the roots' closures from the local Nix store: <c>.drv</c> files as text paths
/// (CA <c>text:sha256</c>, references from the parsed derivation) and input sources (references from
/// <c>nix-store --query --references</c>).
/// </summary>
internal sealed class StoreUploader(BinaryCacheClient cache, StoreDir storeDir)
{
    private const int Parallelism = 4;

    /// <summary>Uploads the missing paths; returns how many of how many were uploaded.</summary>
    public async Task<(int Uploaded, int Closure)> UploadClosureAsync(IReadOnlyList<StorePath> roots, CancellationToken cancellationToken)
    {
        var closure = await NixStore.RequisitesAsync(storeDir, roots, cancellationToken).ConfigureAwait(false);
        var missing = await cache.QueryMissingAsync(closure, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(
            missing,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (path, token) =>
            {
                var result = path.IsDerivation ? await UploadDrvAsync(path, token).ConfigureAwait(false) : await UploadSourceAsync(path, token).ConfigureAwait(false);
                if (!result.IsStored)
                {
                    throw new InvalidOperationException($"the cache refused {storeDir.Print(path)}: {result.Refusal}");
                }
            }).ConfigureAwait(false);
        return (missing.Count, closure.Count);
    }

    private async Task<CacheWriteResult<NarInfo>> UploadDrvAsync(StorePath path, CancellationToken cancellationToken)
    {
        var file = storeDir.Print(path);
        var bytes = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var derivation = DerivationParser.Parse(bytes, storeDir);
        using var nar = new MemoryStream();
        NarWriter.Dump(file, nar);
        nar.Position = 0;
        var stored = await cache.UploadNarAsync(nar, NarCompression.Zstd, cancellationToken).ConfigureAwait(false);
        if (!stored.IsStored)
        {
            return CacheWriteResult.Refused<NarInfo>(stored.Refusal);
        }

        return await cache.UploadNarInfoAsync(
            new NarInfo
            {
                StorePath = path,
                Url = stored.Value.File.Url,
                Compression = NarCompression.Zstd.NixName(),
                FileHash = stored.Value.FileHash,
                FileSize = (ulong)stored.Value.FileSize,
                NarHash = stored.Value.NarHash,
                NarSize = (ulong)stored.Value.NarSize,
                References = [.. derivation.References()],
                ContentAddress = ContentAddress.Text(NixHash.Sha256(bytes)),
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<CacheWriteResult<NarInfo>> UploadSourceAsync(StorePath path, CancellationToken cancellationToken)
    {
        var references = await NixStore.ReferencesAsync(storeDir, path, cancellationToken).ConfigureAwait(false);
        var temp = Path.Combine(Path.GetTempPath(), "asterfarm-source-" + Guid.NewGuid().ToString("N"));
        var nar = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        await using (nar.ConfigureAwait(false))
        {
            NarWriter.Dump(storeDir.Print(path), nar);
            nar.Position = 0;
            return await cache.UploadPathAsync(path, nar, references, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}

using AsterFarm.Builder.Realisation.Outputs;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.FileSystem;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

public sealed partial class Realiser
{
    /// <summary>
    /// After a successful build: nothing but the outputs in the store view, every output present, canonicalised,
    /// archived with hash and reference scan in one pass, fixed outputs checked against their hash.
    /// </summary>
    private List<CheckedOutput> CheckOutputs(
        Derivation derivation,
        string drvPath,
        IReadOnlyDictionary<string, StorePath> outputs,
        IReadOnlySet<StorePath> candidates,
        BuildWorkspace workspace,
        out RealisationFailure? failure)
    {
        var checkedOutputs = new List<CheckedOutput>();
        var expected = outputs.Values.Select(p => p.BaseName).ToHashSet(StringComparer.Ordinal);
        var stray = Directory.EnumerateFileSystemEntries(workspace.StoreDirectory)
            .Select(Path.GetFileName)
            .Where(name => !expected.Contains(name!))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (stray.Length > 0)
        {
            failure = new RealisationFailure(
                FailureKind.WroteOutsideOutputs,
                $"builder for '{drvPath}' wrote outside its outputs: {string.Join(", ", stray.Select(n => $"'{_storeDir.Path}/{n}'"))}");
            return checkedOutputs;
        }

        foreach (var (name, path) in outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var hostPath = Path.Combine(workspace.StoreDirectory, path.BaseName);
            if (LinuxFileSystem.LStat(hostPath).Kind == FileKind.Missing)
            {
                failure = new RealisationFailure(FailureKind.MissingOutput, $"builder for '{drvPath}' failed to produce output path '{_storeDir.Print(path)}'");
                return checkedOutputs;
            }

            ArchivedOutput archive;
            try
            {
                // Built by an unprivileged build user: a node running as root takes the output over, as Nix does.
                OutputCanonicaliser.Canonicalise(hostPath, Environment.IsPrivilegedProcess ? (0, 0) : null);
                archive = OutputArchiver.Archive(hostPath, candidates, Path.Combine(workspace.NarDirectory, path.BaseName + ".nar"), _node.MaxOutputNarBytes);
            }
            catch (OutputTooLargeException error)
            {
                failure = new RealisationFailure(FailureKind.OutputTooLarge, $"output '{_storeDir.Print(path)}' of '{drvPath}' is too large: {error.Message}");
                return checkedOutputs;
            }
            catch (NarTooDeepException)
            {
                // The derivation's doing: a NAR this deep is refused by every reader of the cache (and Nix's paths
                // would pass PATH_MAX), so retrying elsewhere cannot help.
                failure = new RealisationFailure(
                    FailureKind.InvalidOutput,
                    $"output '{_storeDir.Print(path)}' of '{drvPath}' cannot be stored: its directories are nested deeper than {NarWriter.MaxDepth} directories, which a NAR may not be");
                return checkedOutputs;
            }

            ContentAddress? address = null;
            if (derivation.Outputs[name] is FixedOutput fixedOutput)
            {
                var (ca, error) = FixedOutputCheck.Check(fixedOutput, hostPath, archive, drvPath);
                if (error is not null)
                {
                    failure = new RealisationFailure(error.StartsWith("hash mismatch", StringComparison.Ordinal) ? FailureKind.HashMismatch : FailureKind.InvalidOutput, error);
                    return checkedOutputs;
                }

                if (archive.References.Count > 0)
                {
                    failure = new RealisationFailure(
                        FailureKind.InvalidOutput,
                        $"illegal path references in fixed-output derivation '{drvPath}': {string.Join(", ", archive.References.Select(_storeDir.Print))}");
                    return checkedOutputs;
                }

                address = ca;
            }

            checkedOutputs.Add(new CheckedOutput(name, path, hostPath, archive, address));
        }

        if (OutputCycles.Find(drvPath, [.. checkedOutputs.Select(o => (o.Name, o.Path, o.Archive.References))]) is { } cycle)
        {
            failure = new RealisationFailure(FailureKind.InvalidOutput, cycle);
            return checkedOutputs;
        }

        failure = null;
        return checkedOutputs;
    }

    /// <summary>
    /// Uploads each output's NAR, then its narinfo (so a visible narinfo always has its NAR; both to the same cache
    /// replica, the next one if it dies meanwhile), then keeps it locally.
    /// </summary>
    private async Task<(List<RealisedOutput> Outputs, RealisationFailure? Failure)> UploadOutputsAsync(
        StorePath drvPath, IReadOnlyList<CheckedOutput> outputs, CancellationToken cancellationToken)
    {
        var realised = new List<RealisedOutput>();
        foreach (var output in outputs)
        {
            CacheWriteResult<NarInfo> uploaded;
            var nar = File.OpenRead(output.Archive.NarFile);
            await using (nar.ConfigureAwait(false))
            {
                uploaded = await _cache.UploadPathAsync(
                    nar,
                    stored => new NarInfo
                    {
                        StorePath = output.Path,
                        Url = stored.File.Url,
                        Compression = NarCompression.Zstd.NixName(),
                        FileHash = stored.FileHash,
                        FileSize = (ulong)stored.FileSize,
                        NarHash = output.Archive.Nar.NarHash,
                        NarSize = (ulong)output.Archive.Nar.NarSize,
                        References = [.. output.Archive.References],
                        Deriver = drvPath,
                        ContentAddress = output.ContentAddress,
                    },
                    NarCompression.Zstd,
                    cancellationToken).ConfigureAwait(false);
            }

            if (!uploaded.IsStored)
            {
                return (realised, new RealisationFailure(FailureKind.CacheUnavailable, $"the cache refused '{_storeDir.Print(output.Path)}': {uploaded.Refusal}"));
            }

            var narInfo = uploaded.Value;
            _store.Adopt(output.HostPath, narInfo);
            realised.Add(new RealisedOutput(
                output.Name, output.Path, narInfo.NarHash, output.Archive.Nar.NarSize, [.. narInfo.References], output.ContentAddress));
        }

        return (realised, null);
    }

    private async Task UploadLogAsync(StorePath drvPath, string logFile, CancellationToken cancellationToken)
    {
        var log = File.OpenRead(logFile);
        await using (log.ConfigureAwait(false))
        {
            var result = await _cache.UploadLogAsync(drvPath, log, cancellationToken).ConfigureAwait(false);
            if (!result.IsStored)
            {
                throw new HttpRequestException($"the cache refused the log of {drvPath}: {result.Refusal}");
            }
        }
    }

    // The log of a failed build is worth keeping, but failing to upload it must not hide the build's own failure.
    private async Task TryUploadLogAsync(StorePath drvPath, string logFile, CancellationToken cancellationToken)
    {
        try
        {
            await UploadLogAsync(drvPath, logFile, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
        }
    }
}

using System.Collections.Concurrent;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// The builder trusts no <c>.drv</c> by its name: whoever can write the cache can store any bytes under a drv path.
/// Before building, the derivation's whole <c>.drv</c> closure is read and checked with the Nix-exact hashing of
/// <see cref="DerivationClosure"/> (bytes hash to the path, output paths as <c>hashDerivationModulo</c> gives them);
/// before uploading, each output goes up only under the path that check computed.
/// </summary>
public sealed partial class Realiser
{
    private const int DerivationReadParallelism = 8;

    /// <summary>The check of <paramref name="drvPath"/> with its closure; a failure when it is not what its path says.</summary>
    private async Task<(DerivationVerification? Verified, RealisationFailure? Failure)> VerifyDerivationAsync(
        StorePath drvPath, byte[] drvBytes, string? localDirectory, CancellationToken cancellationToken)
    {
        var texts = new ConcurrentDictionary<StorePath, byte[]> { [drvPath] = drvBytes };
        var frontier = DerivationParser.Parse(drvBytes, _storeDir).InputDrvs.Keys.ToList();
        var seen = new HashSet<StorePath>(frontier) { drvPath };
        while (frontier.Count > 0)
        {
            await Parallel.ForEachAsync(
                frontier,
                new ParallelOptions { MaxDegreeOfParallelism = DerivationReadParallelism, CancellationToken = cancellationToken },
                async (path, token) => texts[path] = await LoadDerivationBytesAsync(path, localDirectory, token).ConfigureAwait(false)).ConfigureAwait(false);
            frontier = [.. frontier.SelectMany(path => DerivationParser.Parse(texts[path], _storeDir).InputDrvs.Keys).Where(seen.Add)];
        }

        try
        {
            var verified = new DerivationClosure(_storeDir, path => texts.GetValueOrDefault(path)).Verify(drvPath);
            return verified.Problem(_storeDir) is { } problem
                ? (null, new RealisationFailure(FailureKind.UntrustedDerivation, $"refusing to build: {problem}"))
                : (verified, null);
        }
        catch (DerivationClosureException error)
        {
            return (null, new RealisationFailure(FailureKind.UntrustedDerivation, $"refusing to build '{_storeDir.Print(drvPath)}': {error.Message}"));
        }
    }

    /// <summary>Null when every output to upload has the path the verified derivation gives it.</summary>
    private RealisationFailure? UploadMismatch(DerivationVerification verified, IEnumerable<CheckedOutput> outputs)
    {
        foreach (var output in outputs)
        {
            if (!verified.OutputPaths.TryGetValue(output.Name, out var computed) || computed != output.Path)
            {
                return new RealisationFailure(
                    FailureKind.UntrustedDerivation,
                    $"refusing to upload output '{output.Name}' of '{_storeDir.Print(verified.DrvPath)}' as {_storeDir.Print(output.Path)}: Nix computes {(computed is { } path ? _storeDir.Print(path) : "no path")}");
            }
        }

        return null;
    }
}

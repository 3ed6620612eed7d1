using System.Collections.Concurrent;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// The builder trusts no <c>.drv</c> by its name: whoever can write the cache can store any bytes under a drv path.
/// Before building, the derivation's <c>.drv</c> closure is read and checked with the Nix-exact hashing of
/// <see cref="DerivationClosure"/> (bytes hash to the path, output paths as <c>hashDerivationModulo</c> gives them),
/// except the inputs this node has verified before (<see cref="VerifiedDerivations"/>): their modulo hashes and output
/// paths come from that check. The derivation itself is always checked from the bytes it is built from. Before
/// uploading, each output goes up only under the path that check computed.
/// </summary>
public sealed partial class Realiser
{
    private const int DerivationReadParallelism = 8;

    /// <summary>
    /// The check of <paramref name="drvPath"/> with its closure, and the verified output paths of its input
    /// derivations; a failure when it is not what its path says.
    /// </summary>
    private async Task<(DerivationVerification? Verified, Dictionary<StorePath, IReadOnlyDictionary<string, StorePath?>> InputOutputs, RealisationFailure? Failure)> VerifyDerivationAsync(
        StorePath drvPath, byte[] drvBytes, Derivation derivation, string? localDirectory, CancellationToken cancellationToken)
    {
        var texts = new ConcurrentDictionary<StorePath, byte[]> { [drvPath] = drvBytes };
        var known = new Dictionary<StorePath, VerifiedDerivations.Entry>();
        var seen = new HashSet<StorePath> { drvPath };
        List<StorePath> ToRead(IEnumerable<StorePath> inputs)
        {
            var unverified = new List<StorePath>();
            foreach (var path in inputs.Where(seen.Add))
            {
                if (_verifiedDerivations.TryGet(path, out var entry))
                {
                    known[path] = entry;
                }
                else
                {
                    unverified.Add(path);
                }
            }

            return unverified;
        }

        var frontier = ToRead(derivation.InputDrvs.Keys);
        while (frontier.Count > 0)
        {
            await Parallel.ForEachAsync(
                frontier,
                new ParallelOptions { MaxDegreeOfParallelism = DerivationReadParallelism, CancellationToken = cancellationToken },
                async (path, token) => texts[path] = await LoadDerivationBytesAsync(path, localDirectory, token).ConfigureAwait(false)).ConfigureAwait(false);
            frontier = ToRead(frontier.SelectMany(path => DerivationParser.Parse(texts[path], _storeDir).InputDrvs.Keys));
        }

        var inputOutputs = known.ToDictionary(k => k.Key, k => (IReadOnlyDictionary<string, StorePath?>)k.Value.OutputPaths);
        try
        {
            var closure = new DerivationClosure(_storeDir, path => texts.GetValueOrDefault(path));
            foreach (var (path, entry) in known)
            {
                closure.Trust(path, entry.UnmaskedHash);
            }

            var checkedNow = closure.VerifyAll([drvPath]);
            _verifiedDerivations.AddValid(closure, checkedNow);
            foreach (var result in checkedNow)
            {
                inputOutputs[result.DrvPath] = result.OutputPaths;
            }

            var verified = closure.Verify(drvPath);
            return verified.Problem(_storeDir) is { } problem
                ? (null, inputOutputs, new RealisationFailure(FailureKind.UntrustedDerivation, $"refusing to build: {problem}"))
                : (verified, inputOutputs, null);
        }
        catch (DerivationClosureException error)
        {
            return (null, inputOutputs, new RealisationFailure(FailureKind.UntrustedDerivation, $"refusing to build '{_storeDir.Print(drvPath)}': {error.Message}"));
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

using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Dag;

/// <summary>
/// Whether the <c>.drv</c> files of a run are what their names say: each file's bytes hash to its store path (the text
/// hash with its references, as Nix's <c>computeStorePathForText</c>) and each output path is the one
/// <c>hashDerivationModulo</c> gives. Anyone with the write token can put bytes under any path; only this makes the
/// path, and so the signed outputs, mean what Nix means by them.
/// </summary>
internal static class DerivationTrust
{
    /// <summary>The problems of the closures of <paramref name="roots"/>, read through <paramref name="read"/> (all of it must be there).</summary>
    public static IReadOnlyList<string> Check(StoreDir storeDir, IReadOnlyList<StorePath> roots, Func<StorePath, byte[]?> read, int maxProblems)
    {
        if (roots.Count == 0)
        {
            return [];
        }

        try
        {
            return
            [
                .. new DerivationClosure(storeDir, read).VerifyAll(roots)
                    .Select(result => result.Problem(storeDir))
                    .OfType<string>()
                    .Take(maxProblems),
            ];
        }
        catch (DerivationClosureException error)
        {
            return [$"the derivations cannot be verified: {error.Message}"];
        }
    }
}

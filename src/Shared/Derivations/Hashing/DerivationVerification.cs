using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// What <see cref="DerivationClosure"/> found for one <c>.drv</c>: the path its bytes hash to, the output paths Nix
/// computes for it (null where unknowable), and any output whose stated path or env entry disagrees.
/// </summary>
public sealed record DerivationVerification(
    StorePath DrvPath,
    StorePath ComputedDrvPath,
    SortedArrayDictionary<string, StorePath?> OutputPaths,
    IReadOnlyList<OutputPathMismatch> Mismatches)
{
    /// <summary>True when the file is named by its own hash and every stated output path is right.</summary>
    public bool IsValid => DrvPath == ComputedDrvPath && Mismatches.Count == 0;
}

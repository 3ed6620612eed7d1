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

    /// <summary>Null when valid; otherwise one line naming the <c>.drv</c> and what differs, for a person.</summary>
    public string? Problem(StoreDir storeDir)
    {
        ArgumentNullException.ThrowIfNull(storeDir);
        if (DrvPath != ComputedDrvPath)
        {
            return $"{storeDir.Print(DrvPath)} is not the derivation stored under that path: its bytes hash to "
                + $"{storeDir.Print(ComputedDrvPath)} (a forged or altered .drv)";
        }

        return Mismatches.Count == 0
            ? null
            : $"{storeDir.Print(DrvPath)} states output paths Nix does not compute for it: {string.Join("; ", Mismatches)}";
    }
}

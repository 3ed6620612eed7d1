using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli;

/// <summary>What <c>asterfarm drv show</c> found: the derivation, its recomputed paths, and its closure if asked.</summary>
internal sealed record DrvReport(
    Derivation Derivation,
    StorePath DrvPath,
    string? MisnamedAs,
    DerivationVerification Verification,
    IReadOnlyList<DerivationVerification> Closure)
{
    public bool IsValid => MisnamedAs is null && Verification.Mismatches.Count == 0 && Closure.All(v => v.IsValid);
}

using AsterFarm.Scheduling.Identifiers;

namespace AsterFarm.Scheduling.Graph;

/// <summary>One derivation as the scheduler needs it: where it can run, what it waits for, and how to estimate it.</summary>
/// <param name="Id">The derivation's id (the farm uses the .drv store path).</param>
/// <param name="System">The Nix system it builds for, e.g. <c>riscv64-linux</c>.</param>
/// <param name="PackageName">The name without version (<see cref="Estimates.PackageName.FromDerivationName"/>); the key of duration history.</param>
/// <param name="Dependencies">Derivations whose outputs it needs; each must be in the same submission or already known to the scheduler.</param>
/// <param name="RequiredFeatures">Its <c>requiredSystemFeatures</c>; a builder must offer all of them.</param>
/// <param name="OutputBytes">Estimated size of its outputs: what a builder lacking them must fetch to build a dependent.</param>
/// <param name="IsCached">True when the cache already holds its outputs: it is marked done without dispatch.</param>
public sealed record DerivationSpec(
    DerivationId Id,
    string System,
    string PackageName,
    IReadOnlyList<DerivationId> Dependencies,
    IReadOnlyList<string> RequiredFeatures,
    long OutputBytes = 0,
    bool IsCached = false);

using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>
/// One derivation of an accepted run as the scheduling core plans it, so recovery does not read the cache again.
/// Dependencies inside the run are positions in the run's list (much shorter than store paths).
/// </summary>
/// <param name="Id">The <c>.drv</c> store path.</param>
/// <param name="System">Its Nix system.</param>
/// <param name="PackageName">The duration-history key.</param>
/// <param name="Dependencies">Positions in the run's derivation list of its dependencies.</param>
/// <param name="OtherDependencies">Dependencies outside the run's list (known from earlier runs), as <c>.drv</c> paths.</param>
/// <param name="RequiredFeatures">Its <c>requiredSystemFeatures</c>.</param>
/// <param name="OutputBytes">Estimated size of its outputs.</param>
/// <param name="IsCached">The cache held its outputs when the run was accepted.</param>
/// <param name="Outputs">Its output names.</param>
[MessagePackObject]
public sealed record PersistedDerivation(
    [property: Key(0)] string Id,
    [property: Key(1)] string System,
    [property: Key(2)] string PackageName,
    [property: Key(3)] int[] Dependencies,
    [property: Key(4)] string[] OtherDependencies,
    [property: Key(5)] string[] RequiredFeatures,
    [property: Key(6)] long OutputBytes,
    [property: Key(7)] bool IsCached,
    [property: Key(8)] string[] Outputs);

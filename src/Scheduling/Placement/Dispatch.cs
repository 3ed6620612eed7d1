using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Placement;

/// <summary>A decision: start <paramref name="Derivation"/> now on <paramref name="Node"/>'s slot <paramref name="Slot"/>.</summary>
/// <param name="Derivation">What to build.</param>
/// <param name="Node">Where to build it.</param>
/// <param name="Slot">Which of the node's slots (0-based) it occupies until it finishes, fails or is lost.</param>
/// <param name="Emulated">True when the node runs the derivation's system under QEMU.</param>
/// <param name="EstimatedBuildSeconds">The estimated build time on that slot.</param>
/// <param name="EstimatedTransferSeconds">The estimated time to fetch the input bytes the node lacks.</param>
public sealed record Dispatch(
    DerivationId Derivation,
    NodeName Node,
    int Slot,
    bool Emulated,
    double EstimatedBuildSeconds,
    double EstimatedTransferSeconds);

using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Coordinator.Scheduling.Placement;

/// <summary>A running build a cancellation stopped: the caller tells <paramref name="Node"/> to end it.</summary>
public sealed record CancelledBuild(DerivationId Derivation, NodeName Node);

using AsterFarm.Coordinator.Scheduling.Identifiers;

namespace AsterFarm.Coordinator.Scheduling.Placement;

/// <summary>A running build a cancellation stopped: the caller tells <paramref name="Node"/> to end it.</summary>
public sealed record CancelledBuild(DerivationId Derivation, NodeName Node);

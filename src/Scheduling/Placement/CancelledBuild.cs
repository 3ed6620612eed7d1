using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Placement;

/// <summary>A running build a cancellation stopped: the caller tells <paramref name="Node"/> to end it.</summary>
public sealed record CancelledBuild(DerivationId Derivation, NodeName Node);

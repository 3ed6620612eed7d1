using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>One dispatch in flight: which derivation, on which node, which try.</summary>
internal sealed record LeaseEntry(DerivationId Derivation, NodeName Node, int Attempt);

using AsterFarm.Scheduling.Identifiers;

namespace AsterFarm.Scheduling.Status;

/// <summary>One system's ready queue: the first derivations in dispatch order, and every queued one.</summary>
public sealed record ReadyQueueView(IReadOnlyList<QueuedDerivation> First, IReadOnlyList<DerivationId> All);

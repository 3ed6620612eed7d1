using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Status;

/// <summary>A run's progress: counts over its derivations (shared ones included) and the failures with their reasons.</summary>
public sealed record RunCounts(RunId Id, int Priority, StateCounts Counts, IReadOnlyList<DerivationStatus> Failures);

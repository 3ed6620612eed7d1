using AsterFarm.Scheduling.Identifiers;

namespace AsterFarm.Scheduling.Status;

/// <summary>A queued derivation with what orders it: its critical path, then its runs' priority.</summary>
public sealed record QueuedDerivation(DerivationId Id, double CriticalPath, int RunPriority);

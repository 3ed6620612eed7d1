namespace AsterFarm.Scheduling.Status;

/// <summary>Counts of one system's derivations, with the reasons its waiting derivations wait.</summary>
public sealed record SystemStatus(string System, StateCounts Counts, IReadOnlyList<WaitingReason> WaitingReasons);

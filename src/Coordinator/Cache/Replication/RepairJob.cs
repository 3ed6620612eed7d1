namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>A copy to make in the background: a path from a member that holds it to one that should.</summary>
public sealed record RepairJob(string HashPart, CacheMember Source, CacheMember Target, string Reason);

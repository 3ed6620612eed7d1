namespace AsterFarm.Coordinator.Jobsets;

/// <summary>The actor registry key of the jobsets singleton's proxy (what the HTTP edge and garbage collection ask).</summary>
public sealed class JobsetsActorKey;

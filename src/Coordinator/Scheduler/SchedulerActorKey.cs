namespace AsterFarm.Coordinator.Scheduler;

/// <summary>The actor registry key of the scheduler singleton's proxy (what the HTTP edge asks).</summary>
public sealed class SchedulerActorKey;

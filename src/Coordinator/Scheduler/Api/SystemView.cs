namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>A run's counts of derivations for one system.</summary>
public sealed record SystemView(string System, int Planned, int Waiting, int Running, int Done, int Failed);

namespace AsterFarm.Coordinator.Farm.Api;

/// <summary>One derivation of a run: its state, where it runs and for how long, or why it waits or failed.</summary>
public sealed record BuildView(string DrvPath, string System, string State, string? Node, DateTime Since, double ElapsedSeconds, string? Reason);

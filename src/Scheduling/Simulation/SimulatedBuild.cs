namespace AsterFarm.Scheduling.Simulation;

/// <summary>One build as it ran in virtual time.</summary>
public sealed record SimulatedBuild(string Id, string Node, int Slot, double Start, double End, bool Emulated);

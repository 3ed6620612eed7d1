namespace AsterFarm.Scheduling.Simulation;

/// <summary>The figures of a simulation and, when asked for, every build as it ran.</summary>
public sealed record SimulationOutcome(SimulationResult Result, IReadOnlyList<SimulatedBuild> Trace);

namespace AsterFarm.Scheduling.Simulation;

/// <summary>A simulator builders file: <c>{"nodes":[…]}</c>.</summary>
public sealed record BuildersFile(IReadOnlyList<BuilderRecord> Nodes);

namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>An edge of the run's DAG: <paramref name="Dependent"/> needs an output of <paramref name="Dependency"/> (drv paths).</summary>
public sealed record DependencyEdge(string Dependency, string Dependent);

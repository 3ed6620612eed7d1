namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>What makes two steps of different runs "the same step" for history and comparison: name and system.</summary>
public readonly record struct StepKey(string Name, string System);

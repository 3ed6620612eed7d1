namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>A step function's value from <see cref="At"/> until the next point.</summary>
public readonly record struct CounterPoint(DateTimeOffset At, int Value);

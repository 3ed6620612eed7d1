namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>The run's critical path, first step first, and how much of the makespan it explains.</summary>
public sealed record CriticalPathReport(IReadOnlyList<CriticalStep> Steps, TimeSpan Total, TimeSpan Makespan)
{
    /// <summary>Total / makespan, 0 for an empty run.</summary>
    public double ShareOfMakespan => Makespan > TimeSpan.Zero ? Total / Makespan : 0;
}

namespace AsterFarm.Coordinator.Tracing.Timeline;

/// <summary>How a step of a run ended.</summary>
public enum StepResult
{
    Built,
    Failed,
    Cancelled,
}

using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>A step on the critical path: how long it waited in the ready queue, how long it held its slot, and what dominated.</summary>
public sealed record CriticalStep(StepTimeline Step, TimeSpan Queue, TimeSpan Execution, StepPhase Dominant)
{
    public TimeSpan Total => Queue + Execution;
}

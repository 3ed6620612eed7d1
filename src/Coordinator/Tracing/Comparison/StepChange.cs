using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Comparison;

/// <summary>One step in two runs: its queue and execution time in each, and the part of it that grew most.</summary>
public sealed record StepChange(
    StepKey Key,
    TimeSpan QueueBefore,
    TimeSpan QueueAfter,
    TimeSpan ExecutionBefore,
    TimeSpan ExecutionAfter,
    StepPhase GrewMost,
    TimeSpan GrowthOfThatPhase)
{
    public TimeSpan Delta => QueueAfter + ExecutionAfter - (QueueBefore + ExecutionBefore);
}

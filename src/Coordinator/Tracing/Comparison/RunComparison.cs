namespace AsterFarm.Coordinator.Tracing.Comparison;

/// <summary>Two runs side by side: what got slower (and in which part), and how the waiting changed.</summary>
/// <param name="Before">The reference run.</param>
/// <param name="After">The run being explained.</param>
/// <param name="MakespanBefore">The reference run's makespan.</param>
/// <param name="MakespanAfter">The explained run's makespan.</param>
/// <param name="CriticalPathBefore">The reference run's critical path length.</param>
/// <param name="CriticalPathAfter">The explained run's critical path length.</param>
/// <param name="Changes">Steps found once in each run (same name and system), the most slowed first.</param>
/// <param name="OnlyBefore">Steps of the first run with no single match in the second (new, removed or ambiguous names).</param>
/// <param name="OnlyAfter">Likewise for the second run.</param>
/// <param name="Waiting">Waiting per system and reason in each run, the most grown first.</param>
public sealed record RunComparison(
    string Before,
    string After,
    TimeSpan MakespanBefore,
    TimeSpan MakespanAfter,
    TimeSpan CriticalPathBefore,
    TimeSpan CriticalPathAfter,
    IReadOnlyList<StepChange> Changes,
    int OnlyBefore,
    int OnlyAfter,
    IReadOnlyList<WaitChange> Waiting);

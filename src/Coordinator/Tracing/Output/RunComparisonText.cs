using AsterFarm.Coordinator.Tracing.Comparison;
using static AsterFarm.Coordinator.Tracing.Output.TraceText;

namespace AsterFarm.Coordinator.Tracing.Output;

/// <summary>The terminal form of a <see cref="RunComparison"/>.</summary>
public static class RunComparisonText
{
    public static void Write(TextWriter output, RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(comparison);
        output.WriteLine($"Run {comparison.After} against {comparison.Before}:");
        output.WriteLine($"  makespan      {Duration(comparison.MakespanBefore)} -> {Duration(comparison.MakespanAfter)}");
        output.WriteLine($"  critical path {Duration(comparison.CriticalPathBefore)} -> {Duration(comparison.CriticalPathAfter)}");
        output.WriteLine($"  steps only in {comparison.Before}: {comparison.OnlyBefore}, only in {comparison.After}: {comparison.OnlyAfter}");
        output.WriteLine();
        output.WriteLine("What got slower (queue + run), and the part that grew most:");
        foreach (var change in comparison.Changes.Where(c => c.Delta > TimeSpan.Zero))
        {
            output.WriteLine(
                $"  {change.Key.Name} ({change.Key.System}): {Duration(change.QueueBefore + change.ExecutionBefore)} -> " +
                $"{Duration(change.QueueAfter + change.ExecutionAfter)}, {Phase(change.GrewMost)} +{Duration(change.GrowthOfThatPhase)}");
        }

        output.WriteLine();
        output.WriteLine("Waiting:");
        foreach (var wait in comparison.Waiting)
        {
            output.WriteLine($"  {wait.System}, {ReasonSummary(wait.Reason)}: {Duration(wait.Before)} -> {Duration(wait.After)}");
        }
    }
}

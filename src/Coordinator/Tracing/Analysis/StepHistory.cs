namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Execution times (assigned → finished) of earlier builds of each step, to say what is usual.</summary>
public sealed class StepHistory(IReadOnlyDictionary<StepKey, IReadOnlyList<TimeSpan>> durations)
{
    public static StepHistory Empty { get; } = new(new Dictionary<StepKey, IReadOnlyList<TimeSpan>>());

    /// <summary>The median of the earlier builds of <paramref name="key"/>, or null without history.</summary>
    public TimeSpan? Median(StepKey key)
    {
        if (!durations.TryGetValue(key, out var earlier) || earlier.Count == 0)
        {
            return null;
        }

        var sorted = earlier.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

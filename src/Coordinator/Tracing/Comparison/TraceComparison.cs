using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Comparison;

/// <summary>Compares two runs step by step (<c>asterfarm trace RUN --compare OTHER</c>).</summary>
public static class TraceComparison
{
    /// <param name="before">The reference run.</param>
    /// <param name="after">The run to explain.</param>
    /// <param name="top">How many step changes to keep, largest growth first.</param>
    public static RunComparison Compare(RunTimeline before, RunTimeline after, int top)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var first = Unique(before);
        var second = Unique(after);
        var changes = first.Keys
            .Where(second.ContainsKey)
            .Select(key => Change(key, first[key], second[key]))
            .OrderByDescending(change => change.Delta)
            .ThenBy(change => change.Key.Name, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        return new RunComparison(
            before.Run,
            after.Run,
            before.Makespan,
            after.Makespan,
            CriticalPath.Of(before).Total,
            CriticalPath.Of(after).Total,
            changes,
            before.Steps.Count - first.Keys.Count(second.ContainsKey),
            after.Steps.Count - second.Keys.Count(first.ContainsKey),
            Waiting(before, after));
    }

    private static Dictionary<StepKey, StepTimeline> Unique(RunTimeline run) =>
        run.Steps
            .GroupBy(s => new StepKey(s.Name, s.System))
            .Where(group => group.Count() == 1)
            .ToDictionary(group => group.Key, group => group.Single());

    private static StepChange Change(StepKey key, StepTimeline before, StepTimeline after)
    {
        var was = before.PhaseDurations();
        var now = after.PhaseDurations();
        var grew = Enum.GetValues<StepPhase>().OrderByDescending(phase => now[phase] - was[phase]).First();
        return new StepChange(key, before.QueueTime, after.QueueTime, before.ExecutionTime, after.ExecutionTime, grew, now[grew] - was[grew]);
    }

    private static List<WaitChange> Waiting(RunTimeline before, RunTimeline after)
    {
        var was = LostTime.ToWaiting(before).ToDictionary(w => (w.System, w.Reason), w => w.Total);
        var now = LostTime.ToWaiting(after).ToDictionary(w => (w.System, w.Reason), w => w.Total);
        return was.Keys.Union(now.Keys)
            .Select(k => new WaitChange(k.System, k.Reason, was.GetValueOrDefault(k), now.GetValueOrDefault(k)))
            .OrderByDescending(w => w.After - w.Before)
            .ThenBy(w => w.System, StringComparer.Ordinal)
            .ThenBy(w => w.Reason)
            .ToList();
    }
}

using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>
/// The critical path of a finished run as it actually happened (the "last-arriving" path): from the step that
/// finished last, repeatedly to the dependency that finished last, i.e. the one that made the step ready. Making
/// any step on it faster (or making it wait less) shortens the run; no step off it does.
/// </summary>
public static class CriticalPath
{
    public static CriticalPathReport Of(RunTimeline run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var path = new List<CriticalStep>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = LastFinished(run.Steps);
        while (current is not null && seen.Add(current.DrvPath))
        {
            path.Add(new CriticalStep(current, current.QueueTime, current.ExecutionTime, current.DominantPhase()));
            current = LastFinished(run.DependenciesOf(current));
        }

        path.Reverse();
        var total = path.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Total);
        return new CriticalPathReport(path, total, run.Makespan);
    }

    private static StepTimeline? LastFinished(IEnumerable<StepTimeline> steps) =>
        steps.Where(s => s.Finished is not null)
            .OrderByDescending(s => s.Finished)
            .ThenBy(s => s.DrvPath, StringComparer.Ordinal)
            .FirstOrDefault();
}

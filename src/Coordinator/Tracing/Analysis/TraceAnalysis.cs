using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Turns a run's timeline (and the history of its steps) into a <see cref="TraceReport"/>.</summary>
public static class TraceAnalysis
{
    public static TraceReport Analyse(RunTimeline run, StepHistory history, TraceOptions options)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var results = Enum.GetValues<StepResult>().ToDictionary(r => r, r => run.Steps.Count(s => s.Result == r));
        var slowest = run.Steps
            .Where(s => s.Ran)
            .OrderByDescending(s => s.ExecutionTime)
            .ThenBy(s => s.DrvPath, StringComparer.Ordinal)
            .Take(options.Slowest)
            .Select(s => new SlowStep(s, s.ExecutionTime, history.Median(new StepKey(s.Name, s.System))))
            .ToList();
        return new TraceReport(
            run.Run,
            run.Start,
            run.Makespan,
            results,
            CriticalPath.Of(run),
            slowest,
            LostTime.ToEmulation(run),
            LostTime.ToWaiting(run),
            Utilisation.ByBuilder(run, options.UtilisationBuckets),
            Utilisation.BySystem(run, options.UtilisationBuckets),
            LostTime.ToLimits(run));
    }
}

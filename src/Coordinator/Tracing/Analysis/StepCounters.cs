using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Counts over time per system: slots busy with its steps, and its steps waiting in the ready queue.</summary>
public static class StepCounters
{
    /// <summary>Steps of <paramref name="system"/> holding a slot (assigned, not yet finished), at each change.</summary>
    public static IReadOnlyList<CounterPoint> BusySlots(RunTimeline run, string system)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Count(run.Steps.Where(s => s.System == system && s.Ran).Select(s => s.Occupied!.Value));
    }

    /// <summary>Steps of <paramref name="system"/> ready and not yet assigned, at each change.</summary>
    public static IReadOnlyList<CounterPoint> QueueLength(RunTimeline run, string system)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Count(run.Steps
            .Where(s => s.System == system)
            .Select(s => new TimeInterval(s.Queued, s.Queued + s.QueueTime)));
    }

    /// <summary>The systems the run's steps are for, in order.</summary>
    public static IReadOnlyList<string> Systems(RunTimeline run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Steps.Select(s => s.System).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static List<CounterPoint> Count(IEnumerable<TimeInterval> intervals)
    {
        // Ends sort before starts at the same instant, so back-to-back steps on one slot never count twice.
        var edges = intervals
            .Where(i => i.Duration > TimeSpan.Zero)
            .SelectMany(i => new[] { (At: i.Start, Delta: 1), (At: i.End, Delta: -1) })
            .OrderBy(e => e.At)
            .ThenBy(e => e.Delta);
        var points = new List<CounterPoint>();
        var value = 0;
        foreach (var (at, delta) in edges)
        {
            value += delta;
            if (points.Count > 0 && points[^1].At == at)
            {
                points[^1] = new CounterPoint(at, value);
            }
            else
            {
                points.Add(new CounterPoint(at, value));
            }
        }

        return points;
    }
}

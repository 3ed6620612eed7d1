using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>Busy slots / slots over time, per builder and per system (a system's slots: those of every builder offering it).</summary>
public static class Utilisation
{
    public static IReadOnlyList<UtilisationSeries> ByBuilder(RunTimeline run, int buckets)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Builders
            .Where(b => b.Slots > 0)
            .OrderBy(b => b.Builder, StringComparer.Ordinal)
            .Select(b => Series(run, b.Builder, b.Slots, buckets, run.Steps.Where(s => s.Assigned?.Builder == b.Builder)))
            .ToList();
    }

    public static IReadOnlyList<UtilisationSeries> BySystem(RunTimeline run, int buckets)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Builders
            .SelectMany(b => b.Systems)
            .Concat(run.Steps.Select(s => s.System))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(system => (System: system, Slots: run.Builders.Where(b => b.Systems.Contains(system)).Sum(b => b.Slots)))
            .Where(x => x.Slots > 0)
            .Select(x => Series(run, x.System, x.Slots, buckets, run.Steps.Where(s => s.System == x.System)))
            .ToList();
    }

    private static UtilisationSeries Series(RunTimeline run, string subject, int slots, int buckets, IEnumerable<StepTimeline> steps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var busy = steps.Where(s => s.Ran).Select(s => s.Occupied!.Value).ToList();
        var start = run.Start;
        var makespan = run.Makespan;
        var width = makespan / buckets;
        var values = new double[buckets];
        if (width > TimeSpan.Zero)
        {
            for (var i = 0; i < buckets; i++)
            {
                var from = start + (width * i);
                var to = i == buckets - 1 ? run.End : from + width;
                var used = busy.Aggregate(TimeSpan.Zero, (sum, interval) => sum + interval.OverlapWith(from, to));
                values[i] = used / ((to - from) * slots);
            }
        }

        var average = makespan > TimeSpan.Zero
            ? busy.Aggregate(TimeSpan.Zero, (sum, interval) => sum + interval.OverlapWith(start, run.End)) / (makespan * slots)
            : 0;
        return new UtilisationSeries(subject, slots, width, values, average);
    }
}

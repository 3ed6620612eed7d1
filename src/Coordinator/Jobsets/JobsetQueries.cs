using AsterFarm.Coordinator.Jobsets.Diff;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Coordinator.Jobsets.Persistence;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>Answers about jobsets computed from their durable state (pure functions, no actor).</summary>
public static class JobsetQueries
{
    /// <summary>
    /// The diff from <paramref name="from"/> to <paramref name="to"/> (0: the latest evaluation; a <paramref name="from"/>
    /// of 0: the latest finished evaluation before <paramref name="to"/>), or the problem.
    /// </summary>
    public static (EvaluationDiff? Diff, string? Problem) Diff(JobsetEntry? entry, string name, int from, int to, DiffOptions options)
    {
        if (entry is null)
        {
            return (null, $"no jobset '{name}'");
        }

        var newer = to == 0 ? entry.Latest : entry.Find(to);
        if (newer is null)
        {
            return (null, to == 0 ? $"jobset '{name}' has no evaluation yet" : $"jobset '{name}' has no evaluation #{to} (kept: {Kept(entry)})");
        }

        var older = from == 0
            ? entry.Evaluations.LastOrDefault(record => record.Number < newer.Number && record.State == EvaluationState.Finished)
            : entry.Find(from);
        if (older is null)
        {
            return (null, from == 0 ? $"jobset '{name}' has no finished evaluation before #{newer.Number} to compare with" : $"jobset '{name}' has no evaluation #{from} (kept: {Kept(entry)})");
        }

        return (EvaluationDiffer.Compare(older, newer, entry.Evaluations, options), null);
    }

    /// <summary>The latest evaluation whose jobs all succeeded and its output paths, or null.</summary>
    public static (EvaluationRecord? Evaluation, string[] Paths) Channel(JobsetEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var latest = entry.LastSuccessful(1).FirstOrDefault();
        return (latest, latest is null ? [] : [.. latest.Jobs.SelectMany(job => job.OutputPaths()).Distinct().Order(StringComparer.Ordinal)]);
    }

    /// <summary>The output paths of each jobset's last <see cref="JobsetDefinition.KeepEvaluations"/> successful evaluations.</summary>
    public static string[] CacheRoots(IEnumerable<JobsetEntry> entries) =>
        [.. entries
            .SelectMany(entry => entry.LastSuccessful(entry.Definition.KeepEvaluations))
            .SelectMany(record => record.Jobs.SelectMany(job => job.OutputPaths()))
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>When the jobset's schedule next fires after the last slot started (or its creation).</summary>
    public static DateTime? NextSlot(JobsetEntry entry, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Definition.Schedule is null || !JobsetSchedule.TryParse(entry.Definition.Schedule, entry.Definition.TimeZone, out var schedule, out _))
        {
            return null;
        }

        var anchor = entry.LastSlot ?? entry.CreatedUtc;
        return schedule.LatestDue(anchor, nowUtc) ?? schedule.NextAfter(anchor > nowUtc ? anchor : nowUtc);
    }

    /// <summary>The slot owed now, if any: the latest one that has come since the last slot started (or the jobset's creation).</summary>
    public static DateTime? DueSlot(JobsetEntry entry, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Definition.Schedule is { } cron && JobsetSchedule.TryParse(cron, entry.Definition.TimeZone, out var schedule, out _)
            ? schedule.LatestDue(entry.LastSlot ?? entry.CreatedUtc, nowUtc)
            : null;
    }

    private static string Kept(JobsetEntry entry) =>
        entry.Evaluations.Length == 0 ? "none" : string.Join(", ", entry.Evaluations.Select(record => "#" + record.Number));
}

using System.Globalization;
using AsterFarm.Coordinator.Jobsets.Diff;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Cli;

/// <summary>Jobsets, evaluations and diffs as the command line prints them for people.</summary>
internal static class JobsetText
{
    public static string Line(JobsetSummary jobset)
    {
        var schedule = jobset.Definition.Schedule is { } cron ? $"'{cron}' {jobset.Definition.TimeZone}, next {Time(jobset.NextSlotUtc)}" : "on demand";
        var latest = jobset.Latest is { } evaluation ? Evaluation(evaluation) : "not evaluated yet";
        return $"{jobset.Definition.Name,-20} {schedule}; {latest}";
    }

    public static string Evaluation(EvaluationSummary evaluation) =>
        $"#{evaluation.Number} {evaluation.State} ({Time(evaluation.StartedUtc)}): {evaluation.Jobs} jobs, {evaluation.FailedJobs} failing"
        + (evaluation.Run is null ? string.Empty : $", run {evaluation.Run}")
        + (evaluation.Error is null ? string.Empty : ": " + EvaluationDiffer.FirstLines(evaluation.Error, 1));

    public static void Details(TextWriter output, JobsetMessages.JobsetDetails details)
    {
        var definition = details.Jobset!.Definition;
        output.WriteLine($"jobset {definition.Name}: {definition.ExpressionPath} {string.Join(' ', definition.Arguments.Select(argument => "--arg " + argument))}".TrimEnd());
        output.WriteLine($"  schedule {definition.Schedule ?? "none"} ({definition.TimeZone}), next {Time(details.Jobset.NextSlotUtc)}; priority {definition.Priority}; cancel previous {definition.CancelPrevious}; keep {definition.KeepEvaluations}");
        foreach (var evaluation in details.Evaluations)
        {
            output.WriteLine("  " + Evaluation(evaluation));
        }
    }

    public static void Jobs(TextWriter output, EvaluationRecord record)
    {
        output.WriteLine(Evaluation(EvaluationSummary.Of(record)) + (record.Revision is null ? string.Empty : $", revision {record.Revision}") + $", content {record.ContentHash}");
        var outcomes = record.OutcomeByAttribute();
        foreach (var job in record.Jobs)
        {
            var outcome = outcomes.GetValueOrDefault(job.Attribute);
            var state = outcome?.State.ToString() ?? JobState.Pending.ToString();
            var seconds = outcome?.BuildSeconds is { } s ? $" {s.ToString("0.0", CultureInfo.InvariantCulture)}s{(outcome.Emulated ? " emulated" : string.Empty)}" : string.Empty;
            output.WriteLine($"  {job.Attribute,-32} {state,-16}{seconds} {job.DrvPath ?? EvaluationDiffer.FirstLines(job.Error, 1)}");
        }
    }

    public static void Diff(TextWriter output, EvaluationDiff diff)
    {
        output.WriteLine(diff.Summary());
        Section(output, "newly failing", diff.NewlyFailing, withError: true);
        Section(output, "newly fixed", diff.NewlyFixed, withError: false);
        Section(output, "still failing", diff.StillFailing, withError: true);
        Section(output, "added", diff.Added, withError: false);
        Section(output, "removed", diff.Removed, withError: false);
        Section(output, "rebuilt", diff.Rebuilt, withError: false);
        Section(output, "pending", diff.Pending, withError: false);
        if (diff.Slower.Count > 0)
        {
            output.WriteLine("slower:");
            foreach (var slower in diff.Slower)
            {
                var why = slower.Reason == SlowdownReason.EmulatedNow ? "built natively before, emulated now" : "the build itself";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {slower.Attribute}: {slower.Seconds:0.0}s, usually {slower.UsualSeconds:0.0}s (x{slower.Ratio:0.00}; {why}, on {slower.Node})"));
            }
        }
    }

    private static void Section(TextWriter output, string title, IReadOnlyList<DiffEntry> entries, bool withError)
    {
        if (entries.Count == 0)
        {
            return;
        }

        output.WriteLine($"{title}:");
        foreach (var entry in entries)
        {
            output.WriteLine($"  {entry.Attribute}{(entry.FailureClass is null ? string.Empty : $" ({entry.FailureClass})")}");
            if (withError && entry.Error is not null)
            {
                foreach (var line in entry.Error.Split('\n'))
                {
                    output.WriteLine("      " + line);
                }
            }
        }
    }

    private static string Time(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never";
}

using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Diff;

/// <summary>Compares two evaluations of a jobset job by job (a pure function of the records).</summary>
public static class EvaluationDiffer
{
    /// <param name="older">The earlier evaluation.</param>
    /// <param name="newer">The later evaluation.</param>
    /// <param name="history">Evaluations before <paramref name="newer"/> (any order) whose build times make up each job's history.</param>
    /// <param name="options">Thresholds.</param>
    public static EvaluationDiff Compare(EvaluationRecord older, EvaluationRecord newer, IEnumerable<EvaluationRecord> history, DiffOptions options)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        ArgumentNullException.ThrowIfNull(options);
        var before = older.Jobs.ToDictionary(job => job.Attribute, StringComparer.Ordinal);
        var now = newer.Jobs.ToDictionary(job => job.Attribute, StringComparer.Ordinal);
        var outcomesBefore = older.OutcomeByAttribute();
        var outcomesNow = newer.OutcomeByAttribute();
        var lists = Enum.GetValues<Category>().ToDictionary(category => category, _ => new List<DiffEntry>());
        foreach (var attribute in before.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
        {
            var then = before.GetValueOrDefault(attribute);
            var job = now.GetValueOrDefault(attribute);
            var outcomeThen = outcomesBefore.GetValueOrDefault(attribute);
            var outcome = outcomesNow.GetValueOrDefault(attribute);
            var category = Classify(then, job, outcomeThen, outcome);
            var shown = category == Category.Removed ? outcomeThen : outcome;
            var failing = shown is { IsFailure: true } && category != Category.Removed;
            lists[category].Add(new DiffEntry(
                attribute,
                job?.DrvPath,
                then?.DrvPath,
                (shown?.State ?? JobState.Pending).ToString(),
                failing ? shown!.FailureClass : null,
                failing ? FirstLines(shown!.Error, options.ErrorLines) : null));
        }

        return new EvaluationDiff(
            newer.Jobset, older.Number, newer.Number,
            lists[Category.NewlyFailing], lists[Category.NewlyFixed], lists[Category.StillFailing], lists[Category.Added], lists[Category.Removed],
            lists[Category.Rebuilt], lists[Category.UnchangedCached], lists[Category.Pending],
            Slower(newer, history ?? [], options));
    }

    /// <summary>The first <paramref name="count"/> non-empty lines of <paramref name="text"/>.</summary>
    public static string? FirstLines(string? text, int count) =>
        text is null ? null : string.Join('\n', text.Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0).Take(count));

    private static Category Classify(EvaluatedJob? then, EvaluatedJob? job, JobOutcome? outcomeThen, JobOutcome? outcome)
    {
        if (job is null)
        {
            return Category.Removed;
        }

        if (outcome is null || outcome.State == JobState.Pending)
        {
            return Category.Pending;
        }

        var failedBefore = outcomeThen is { IsFailure: true };
        if (outcome.IsFailure)
        {
            return failedBefore ? Category.StillFailing : Category.NewlyFailing;
        }

        if (then is null)
        {
            return Category.Added;
        }

        if (failedBefore)
        {
            return Category.NewlyFixed;
        }

        return then.DrvPath == job.DrvPath && outcome.State == JobState.Cached ? Category.UnchangedCached : Category.Rebuilt;
    }

    private static List<SlowerJob> Slower(EvaluationRecord newer, IEnumerable<EvaluationRecord> history, DiffOptions options)
    {
        var earlier = history
            .Where(record => record.Number < newer.Number && record.State == EvaluationState.Finished)
            .OrderByDescending(record => record.Number)
            .Take(options.HistoryEvaluations)
            .ToList();
        var slower = new List<SlowerJob>();
        foreach (var outcome in newer.Outcomes.Where(outcome => outcome is { State: JobState.Built, BuildSeconds: not null }))
        {
            var past = earlier
                .Select(record => record.Outcomes.FirstOrDefault(old => old.Attribute == outcome.Attribute))
                .Where(old => old is { State: JobState.Built, BuildSeconds: not null })
                .Select(old => old!)
                .ToList();
            if (past.Count == 0)
            {
                continue;
            }

            var usual = Median(past.Select(old => old.BuildSeconds!.Value));
            var seconds = outcome.BuildSeconds!.Value;
            if (seconds <= usual * options.SlowerRatio || seconds - usual < options.MinimumSlowdownSeconds)
            {
                continue;
            }

            // The latest earlier build says how it was built "last night".
            var emulatedNow = outcome.Emulated && !past[0].Emulated;
            slower.Add(new SlowerJob(
                outcome.Attribute, seconds, usual, usual > 0 ? Math.Round(seconds / usual, 2) : double.PositiveInfinity,
                emulatedNow ? SlowdownReason.EmulatedNow : SlowdownReason.Build, outcome.Node));
        }

        return slower;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private enum Category
    {
        NewlyFailing,
        NewlyFixed,
        StillFailing,
        Added,
        Removed,
        Rebuilt,
        UnchangedCached,
        Pending,
    }
}

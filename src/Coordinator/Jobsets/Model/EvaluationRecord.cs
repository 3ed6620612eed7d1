using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>One evaluation of a jobset: its inputs, its jobs, the run that built them and each job's outcome.</summary>
/// <param name="Jobset">The jobset's name.</param>
/// <param name="Number">1 for the jobset's first evaluation, then counting up.</param>
/// <param name="Slot">The scheduled time it was started for, or null when started on demand.</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="State">Where it is.</param>
/// <param name="Revision">The git revision of the expression's checkout, if it is one.</param>
/// <param name="ContentHash">The Nix hash of the expression's directory (what was evaluated).</param>
/// <param name="Error">Nix's message when the expression did not evaluate at all.</param>
/// <param name="Jobs">Its jobs, sorted by attribute.</param>
/// <param name="Run">The run id (32 hex digits) its drvs were submitted as.</param>
/// <param name="Outcomes">Each job's outcome once the run has ended, sorted by attribute.</param>
/// <param name="FinishedUtc">When it reached <see cref="EvaluationState.Failed"/> or <see cref="EvaluationState.Finished"/>.</param>
[MessagePackObject]
public sealed record EvaluationRecord(
    [property: Key(0)] string Jobset,
    [property: Key(1)] int Number,
    [property: Key(2)] DateTime? Slot,
    [property: Key(3)] DateTime StartedUtc,
    [property: Key(4)] EvaluationState State,
    [property: Key(5)] string? Revision,
    [property: Key(6)] string? ContentHash,
    [property: Key(7)] string? Error,
    [property: Key(8)] EvaluatedJob[] Jobs,
    [property: Key(9)] string? Run,
    [property: Key(10)] JobOutcome[] Outcomes,
    [property: Key(11)] DateTime? FinishedUtc)
{
    public static EvaluationRecord Started(string jobset, int number, DateTime? slot, DateTime startedUtc) =>
        new(jobset, number, slot, startedUtc, EvaluationState.Evaluating, null, null, null, [], null, [], null);

    [IgnoreMember]
    public bool IsOver => State is EvaluationState.Failed or EvaluationState.Finished;

    /// <summary>Evaluated, built, and every job succeeded: a channel and a garbage-collection root.</summary>
    [IgnoreMember]
    public bool AllSucceeded => State == EvaluationState.Finished && Jobs.Length > 0 && Outcomes.Length == Jobs.Length && Outcomes.All(outcome => outcome.Succeeded);

    /// <summary>The outcome of each job by attribute; evaluation failures count as outcomes even before the run ends.</summary>
    public IReadOnlyDictionary<string, JobOutcome> OutcomeByAttribute()
    {
        var map = Outcomes.ToDictionary(outcome => outcome.Attribute, StringComparer.Ordinal);
        foreach (var job in Jobs.Where(job => !job.Evaluated))
        {
            map.TryAdd(job.Attribute, new JobOutcome(job.Attribute, JobState.EvaluationFailed, null, false, null, "Evaluation", job.Error));
        }

        return map;
    }
}

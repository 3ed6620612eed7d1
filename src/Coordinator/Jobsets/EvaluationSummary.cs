using AsterFarm.Coordinator.Jobsets.Model;
using MessagePack;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>One evaluation without its jobs.</summary>
/// <param name="Number">Its number in the jobset.</param>
/// <param name="Slot">The scheduled time it was for, or null when started on demand.</param>
/// <param name="StartedUtc">When it started.</param>
/// <param name="FinishedUtc">When it failed or its run ended.</param>
/// <param name="State">Where it is.</param>
/// <param name="Revision">The git revision evaluated.</param>
/// <param name="ContentHash">The hash of the expression's directory.</param>
/// <param name="Jobs">How many jobs.</param>
/// <param name="FailedJobs">How many jobs failed (to evaluate or to build).</param>
/// <param name="Run">Its run.</param>
/// <param name="Error">Nix's message if the expression did not evaluate.</param>
[MessagePackObject]
public sealed record EvaluationSummary(
    [property: Key(0)] int Number,
    [property: Key(1)] DateTime? Slot,
    [property: Key(2)] DateTime StartedUtc,
    [property: Key(3)] DateTime? FinishedUtc,
    [property: Key(4)] EvaluationState State,
    [property: Key(5)] string? Revision,
    [property: Key(6)] string? ContentHash,
    [property: Key(7)] int Jobs,
    [property: Key(8)] int FailedJobs,
    [property: Key(9)] string? Run,
    [property: Key(10)] string? Error)
{
    public static EvaluationSummary Of(EvaluationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(
            record.Number, record.Slot, record.StartedUtc, record.FinishedUtc, record.State, record.Revision, record.ContentHash,
            record.Jobs.Length, record.OutcomeByAttribute().Values.Count(outcome => outcome.IsFailure), record.Run, record.Error);
    }
}

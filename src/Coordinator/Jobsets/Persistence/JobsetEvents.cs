using AsterFarm.Coordinator.Jobsets.Model;
using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>The events of the jobsets journal.</summary>
public static class JobsetEvents
{
    /// <summary>A jobset was defined, or its definition replaced (its evaluations are kept).</summary>
    [MessagePackObject]
    public sealed record JobsetSaved([property: Key(0)] JobsetDefinition Definition, [property: Key(1)] DateTime AtUtc) : IJobsetEvent;

    /// <summary>A jobset and its evaluations were removed.</summary>
    [MessagePackObject]
    public sealed record JobsetRemoved([property: Key(0)] string Name) : IJobsetEvent;

    /// <summary>
    /// An evaluation started, for a scheduled <paramref name="Slot"/> or on demand: journaled before Nix runs, so a
    /// slot is never evaluated twice, even when the coordinator fails over mid-evaluation.
    /// </summary>
    [MessagePackObject]
    public sealed record EvaluationStarted(
        [property: Key(0)] string Jobset, [property: Key(1)] int Number, [property: Key(2)] DateTime? Slot, [property: Key(3)] DateTime AtUtc) : IJobsetEvent;

    /// <summary>Nix evaluated it: its inputs and jobs, or why the expression did not evaluate (then nothing is submitted).</summary>
    [MessagePackObject]
    public sealed record EvaluationEvaluated(
        [property: Key(0)] string Jobset,
        [property: Key(1)] int Number,
        [property: Key(2)] string? Revision,
        [property: Key(3)] string? ContentHash,
        [property: Key(4)] string? Error,
        [property: Key(5)] EvaluatedJob[] Jobs,
        [property: Key(6)] DateTime AtUtc) : IJobsetEvent;

    /// <summary>Its drvs are submitted as this run (journaled before the submission; a resubmission of the same id is answered, not duplicated).</summary>
    [MessagePackObject]
    public sealed record EvaluationSubmitted([property: Key(0)] string Jobset, [property: Key(1)] int Number, [property: Key(2)] string Run) : IJobsetEvent;

    /// <summary>Its run ended with these outcomes.</summary>
    [MessagePackObject]
    public sealed record EvaluationFinished(
        [property: Key(0)] string Jobset, [property: Key(1)] int Number, [property: Key(2)] JobOutcome[] Outcomes, [property: Key(3)] DateTime AtUtc) : IJobsetEvent;

    /// <summary>Paths pinned by <c>asterfarm cache pin</c>: garbage-collection roots until unpinned.</summary>
    [MessagePackObject]
    public sealed record PathsPinned([property: Key(0)] string[] Paths) : IJobsetEvent;

    /// <summary>Paths no longer pinned.</summary>
    [MessagePackObject]
    public sealed record PathsUnpinned([property: Key(0)] string[] Paths) : IJobsetEvent;
}

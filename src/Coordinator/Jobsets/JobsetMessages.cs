using AsterFarm.Coordinator.Jobsets.Diff;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Coordinator.Jobsets.Persistence;
using MessagePack;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>
/// HTTP edge (and the cache's garbage collection) ↔ the jobsets singleton: each request is answered with the record
/// named in its summary. A number of 0 means the latest evaluation.
/// </summary>
public static class JobsetMessages
{
    /// <summary>Defines or replaces a jobset; answered with <see cref="JobsetSaveResult"/>.</summary>
    [MessagePackObject]
    public sealed record SaveJobset([property: Key(0)] JobsetDefinition Definition) : IPersistedJobsets;

    [MessagePackObject]
    public sealed record JobsetSaveResult([property: Key(0)] bool Saved, [property: Key(1)] string[] Problems) : IPersistedJobsets;

    /// <summary>Removes a jobset and its evaluations; answered with <see cref="JobsetRemoveResult"/>.</summary>
    [MessagePackObject]
    public sealed record RemoveJobset([property: Key(0)] string Name) : IPersistedJobsets;

    [MessagePackObject]
    public sealed record JobsetRemoveResult([property: Key(0)] bool Removed) : IPersistedJobsets;

    /// <summary>Answered with <see cref="JobsetList"/>.</summary>
    [MessagePackObject]
    public sealed record ListJobsets : IPersistedJobsets;

    [MessagePackObject]
    public sealed record JobsetList([property: Key(0)] JobsetSummary[] Jobsets) : IPersistedJobsets;

    /// <summary>Answered with <see cref="JobsetDetails"/>.</summary>
    [MessagePackObject]
    public sealed record GetJobset([property: Key(0)] string Name) : IPersistedJobsets;

    /// <summary>A jobset (null if unknown) and its kept evaluations, newest first.</summary>
    [MessagePackObject]
    public sealed record JobsetDetails([property: Key(0)] JobsetSummary? Jobset, [property: Key(1)] EvaluationSummary[] Evaluations) : IPersistedJobsets;

    /// <summary>Starts an evaluation now; answered with <see cref="EvaluationAccepted"/> as soon as it is journaled.</summary>
    [MessagePackObject]
    public sealed record EvaluateJobset([property: Key(0)] string Name) : IPersistedJobsets;

    [MessagePackObject]
    public sealed record EvaluationAccepted([property: Key(0)] bool Known, [property: Key(1)] int Number) : IPersistedJobsets;

    /// <summary>Answered with <see cref="EvaluationFound"/>.</summary>
    [MessagePackObject]
    public sealed record GetEvaluation([property: Key(0)] string Jobset, [property: Key(1)] int Number) : IPersistedJobsets;

    [MessagePackObject]
    public sealed record EvaluationFound([property: Key(0)] EvaluationRecord? Evaluation) : IPersistedJobsets;

    /// <summary>The diff from evaluation <paramref name="From"/> (0: the one before <paramref name="To"/>) to <paramref name="To"/>; answered with <see cref="DiffFound"/>.</summary>
    [MessagePackObject]
    public sealed record GetDiff([property: Key(0)] string Jobset, [property: Key(1)] int From, [property: Key(2)] int To) : IPersistedJobsets;

    /// <summary>The diff, or the problem (unknown jobset or evaluation, nothing to compare with).</summary>
    [MessagePackObject]
    public sealed record DiffFound([property: Key(0)] EvaluationDiff? Diff, [property: Key(1)] string? Problem) : IPersistedJobsets;

    /// <summary>The output paths of the jobset's latest evaluation whose jobs all succeeded; answered with <see cref="ChannelFound"/>.</summary>
    [MessagePackObject]
    public sealed record GetChannel([property: Key(0)] string Jobset) : IPersistedJobsets;

    /// <summary><paramref name="Number"/> is null when no evaluation qualifies (then <paramref name="Paths"/> is empty).</summary>
    [MessagePackObject]
    public sealed record ChannelFound([property: Key(0)] bool Known, [property: Key(1)] int? Number, [property: Key(2)] string[] Paths) : IPersistedJobsets;

    /// <summary>Pins (or unpins) store paths: garbage collection keeps pinned paths' closures; answered with <see cref="PinsFound"/>.</summary>
    [MessagePackObject]
    public sealed record ChangePins([property: Key(0)] string[] Paths, [property: Key(1)] bool Pin) : IPersistedJobsets;

    /// <summary>Answered with <see cref="PinsFound"/>.</summary>
    [MessagePackObject]
    public sealed record ListPins : IPersistedJobsets;

    /// <summary>Every pinned path.</summary>
    [MessagePackObject]
    public sealed record PinsFound([property: Key(0)] string[] Paths) : IPersistedJobsets;

    /// <summary>The outputs the cache must keep: those of each jobset's last N successful evaluations, and pinned paths; answered with <see cref="CacheRootsFound"/>.</summary>
    [MessagePackObject]
    public sealed record GetCacheRoots : IPersistedJobsets;

    [MessagePackObject]
    public sealed record CacheRootsFound([property: Key(0)] string[] Paths) : IPersistedJobsets;
}

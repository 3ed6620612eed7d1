using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>What the run made of one job, as the run's per-derivation status reported it.</summary>
/// <param name="Attribute">The job.</param>
/// <param name="State">How it ended.</param>
/// <param name="BuildSeconds">From dispatch to result of its last try, when it was built.</param>
/// <param name="Emulated">Whether its last try ran under QEMU.</param>
/// <param name="Node">The builder of its last try, if any.</param>
/// <param name="FailureClass">Whose fault a failure was (Build, Infrastructure, Evaluation, Dependency), else null.</param>
/// <param name="Error">The first lines of the error (Nix's message, or the build log's tail), else null.</param>
[MessagePackObject]
public sealed record JobOutcome(
    [property: Key(0)] string Attribute,
    [property: Key(1)] JobState State,
    [property: Key(2)] double? BuildSeconds,
    [property: Key(3)] bool Emulated,
    [property: Key(4)] string? Node,
    [property: Key(5)] string? FailureClass,
    [property: Key(6)] string? Error)
{
    [IgnoreMember]
    public bool Succeeded => State is JobState.Built or JobState.Cached;

    [IgnoreMember]
    public bool IsFailure => State is JobState.EvaluationFailed or JobState.Failed or JobState.DependencyFailed or JobState.Cancelled;
}

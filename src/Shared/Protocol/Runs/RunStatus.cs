using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>
/// Scheduler → HTTP edge: a run's progress. <paramref name="Builds"/> lists the running, waiting and
/// failed derivations first, at most <see cref="ProtocolLimits.MaxPathsPerMessage"/>; <paramref name="BuildsTruncated"/>
/// says more exist (the event stream has them all). <paramref name="Attempts"/> lists the failed tries of the
/// run's derivations (retries and final failures), at most <see cref="ProtocolLimits.MaxPathsPerMessage"/>; null from
/// a scheduler older than protocol v3.
/// </summary>
[MessagePackObject]
public sealed record RunStatus(
    [property: Key(0)] RunId Run,
    [property: Key(1)] RunState State,
    [property: Key(2)] ValueList<SystemProgress> Systems,
    [property: Key(3)] ValueList<BuildProgress> Builds,
    [property: Key(4)] bool BuildsTruncated,
    [property: Key(5)] ValueList<BuildAttempt>? Attempts = null) : IAsterFarmMessage;

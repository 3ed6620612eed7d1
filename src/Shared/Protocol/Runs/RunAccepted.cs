using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Scheduler → submitter: the run's DAG is valid; this many derivations, of which this many were already in the cache.</summary>
[MessagePackObject]
public sealed record RunAccepted(
    [property: Key(0)] RunId Run,
    [property: Key(1)] int Derivations,
    [property: Key(2)] int AlreadyCached) : IAsterFarmMessage;

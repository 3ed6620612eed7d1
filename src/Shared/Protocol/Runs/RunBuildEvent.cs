using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Scheduler → subscribers of a run: one derivation changed state. <paramref name="Sequence"/> increases per run, so a follower resumes without gaps after a handover.</summary>
[MessagePackObject]
public sealed record RunBuildEvent(
    [property: Key(0)] RunId Run,
    [property: Key(1)] long Sequence,
    [property: Key(2)] BuildProgress Build) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>Builder → scheduler, periodically: alive, with the builds it runs (extends their leases) and its free slots.</summary>
[MessagePackObject]
public sealed record BuilderHeartbeat(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] int FreeSlots,
    [property: Key(2)] ValueList<RunningBuild> Running) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>Builder → scheduler, periodically: alive, with the builds it runs (extends their leases) and its free slots.</summary>
/// <param name="Node">Its node name.</param>
/// <param name="FreeSlots">Its slots without a build.</param>
/// <param name="Running">The builds it runs.</param>
/// <param name="RemoteMachines">Whether each remote Nix machine it drives is up; null from nodes without any (or older ones).</param>
[MessagePackObject]
public sealed record BuilderHeartbeat(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] int FreeSlots,
    [property: Key(2)] ValueList<RunningBuild> Running,
    [property: Key(3)] ValueList<RemoteMachineHealth>? RemoteMachines = null) : IAsterFarmMessage;

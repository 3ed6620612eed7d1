using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>Scheduler → builder: registration accepted; heartbeat at this interval or the leases expire.</summary>
[MessagePackObject]
public sealed record BuilderRegistered(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] TimeSpan HeartbeatInterval) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>One registered builder as the scheduler sees it: what it offers and what it runs now.</summary>
/// <param name="Node">Its node name.</param>
/// <param name="Address">Its Akka address (<c>akka.tcp://asterfarm@host:port</c>), to match it with a cluster member.</param>
/// <param name="Capabilities">What it registered with.</param>
/// <param name="FreeSlots">Slots without a build dispatched to them.</param>
/// <param name="Running">The builds dispatched to it and not yet finished, oldest first.</param>
/// <param name="LastHeardUtc">When its last registration or heartbeat arrived.</param>
/// <param name="RemoteMachines">Whether each remote Nix machine it drives is up, from its last heartbeat; null when it reported none.</param>
[MessagePackObject]
public sealed record BuilderStatus(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] string Address,
    [property: Key(2)] BuilderCapabilities Capabilities,
    [property: Key(3)] int FreeSlots,
    [property: Key(4)] ValueList<RunningBuild> Running,
    [property: Key(5)] DateTime LastHeardUtc,
    [property: Key(6)] ValueList<RemoteMachineHealth>? RemoteMachines = null);

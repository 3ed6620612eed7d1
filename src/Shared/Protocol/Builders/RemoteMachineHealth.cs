using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>Whether a remote Nix machine a builder node drives answers, as the node last found it.</summary>
/// <param name="StoreUri">Its machines-file URI (<c>ssh://user@host</c>), as in <see cref="RemoteMachineSlots"/>.</param>
/// <param name="Up">False while the node holds it down (it stopped answering; it is tried again later).</param>
/// <param name="DownReason">Why it is down (the connection error, naming the machine); null when up.</param>
/// <param name="BusySlots">Its slots taken by builds now.</param>
[MessagePackObject]
public sealed record RemoteMachineHealth(
    [property: Key(0)] string StoreUri,
    [property: Key(1)] bool Up,
    [property: Key(2)] string? DownReason,
    [property: Key(3)] int BusySlots);

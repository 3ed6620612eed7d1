using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Builder → scheduler: the lease's build began (inputs fetched or being fetched); <paramref name="Emulated"/> when under QEMU.</summary>
[MessagePackObject]
public sealed record BuildStarted(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] NodeName Node,
    [property: Key(2)] DateTime StartedAtUtc,
    [property: Key(3)] bool Emulated,
    [property: Key(4)] TraceContext? Trace) : IAsterFarmMessage;

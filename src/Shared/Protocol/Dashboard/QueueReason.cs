using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Why <paramref name="Count"/> ready derivations cannot start, e.g. "no builder offers riscv64-linux with feature kvm".</summary>
[MessagePackObject]
public sealed record QueueReason([property: Key(0)] string Reason, [property: Key(1)] int Count);

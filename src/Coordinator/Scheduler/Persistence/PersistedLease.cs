using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>A lease as the durable state keeps it.</summary>
[MessagePackObject]
public sealed record PersistedLease(
    [property: Key(0)] string Derivation,
    [property: Key(1)] string Node,
    [property: Key(2)] int Attempt,
    [property: Key(3)] DateTime DispatchedAtUtc);

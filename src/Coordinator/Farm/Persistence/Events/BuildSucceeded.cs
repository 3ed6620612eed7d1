using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Farm.Persistence.Events;

/// <summary>A derivation was built (counted once: later results for it are ignored).</summary>
[MessagePackObject]
public sealed record BuildSucceeded(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Derivation,
    [property: Key(2)] string Node,
    [property: Key(3)] DateTime AtUtc,
    [property: Key(4)] DurationSample? Duration) : ISchedulerEvent;

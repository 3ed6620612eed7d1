using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A derivation was leased to a builder (persisted before the dispatch is sent).</summary>
[MessagePackObject]
public sealed record BuildDispatched(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Derivation,
    [property: Key(2)] string Node,
    [property: Key(3)] int Attempt,
    [property: Key(4)] DateTime AtUtc) : ISchedulerEvent;

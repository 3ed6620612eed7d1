using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using MessagePack;

namespace AsterFarm.Coordinator.Farm.Persistence.Events;

/// <summary>A derivation failed and is not tried again; its dependents fail as "dependency failed".</summary>
[MessagePackObject]
public sealed record BuildFailedForGood(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Derivation,
    [property: Key(2)] string Node,
    [property: Key(3)] FailureClass Class,
    [property: Key(4)] string Reason,
    [property: Key(5)] DateTime AtUtc) : ISchedulerEvent;

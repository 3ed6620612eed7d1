using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Farm.Persistence.Events;

/// <summary>A lease ended without a result that counts (builder lost, lease expired, retry): the derivation is placed again.</summary>
/// <param name="Lease">The lease that ended.</param>
/// <param name="Derivation">Its derivation.</param>
/// <param name="Reason">Why, as the run report shows it.</param>
/// <param name="AtUtc">When.</param>
/// <param name="MayStillReport">The build may still be running (the builder went silent): one late result of this lease is accepted.</param>
[MessagePackObject]
public sealed record BuildRequeued(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Derivation,
    [property: Key(2)] string Reason,
    [property: Key(3)] DateTime AtUtc,
    [property: Key(4)] bool MayStillReport) : ISchedulerEvent;

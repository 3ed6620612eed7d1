using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A derivation was built (counted once: later results for it are ignored).</summary>
/// <param name="Lease">The lease the result names.</param>
/// <param name="Derivation">Its derivation.</param>
/// <param name="Node">The builder that reported it.</param>
/// <param name="AtUtc">When.</param>
/// <param name="Duration">The duration history sample; null when the builder was not registered.</param>
/// <param name="BuildSeconds">The build's own duration as the builder measured it (added later: null in older journals).</param>
[MessagePackObject]
public sealed record BuildSucceeded(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Derivation,
    [property: Key(2)] string Node,
    [property: Key(3)] DateTime AtUtc,
    [property: Key(4)] DurationSample? Duration,
    [property: Key(5)] double? BuildSeconds = null) : ISchedulerEvent;

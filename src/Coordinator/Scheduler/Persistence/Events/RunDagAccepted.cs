using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A run's DAG was loaded and accepted by the core: the derivations it plans.</summary>
[MessagePackObject]
public sealed record RunDagAccepted(
    [property: Key(0)] RunId Run,
    [property: Key(1)] PersistedDerivation[] Derivations) : ISchedulerEvent;

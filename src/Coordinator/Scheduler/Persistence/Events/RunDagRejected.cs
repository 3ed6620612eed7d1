using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A run was rejected (incomplete DAG, a cycle): it failed without building anything.</summary>
[MessagePackObject]
public sealed record RunDagRejected(
    [property: Key(0)] RunId Run,
    [property: Key(1)] string Reason,
    [property: Key(2)] string[] Problems) : ISchedulerEvent;

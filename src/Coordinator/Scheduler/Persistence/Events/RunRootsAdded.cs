using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A further batch of a run's roots arrived (store paths).</summary>
[MessagePackObject]
public sealed record RunRootsAdded(
    [property: Key(0)] RunId Run,
    [property: Key(1)] string[] Roots) : ISchedulerEvent;

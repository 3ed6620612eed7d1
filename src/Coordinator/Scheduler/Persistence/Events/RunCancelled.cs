using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>A run was cancelled.</summary>
[MessagePackObject]
public sealed record RunCancelled(
    [property: Key(0)] RunId Run,
    [property: Key(1)] string Reason,
    [property: Key(2)] DateTime AtUtc) : ISchedulerEvent;

using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>A remembered build failure (the failure cache): why, and when.</summary>
[MessagePackObject]
public sealed record PersistedFailure(
    [property: Key(0)] string Reason,
    [property: Key(1)] DateTime AtUtc);

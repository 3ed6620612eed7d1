using AsterFarm.Shared.Protocol.Builds;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>A failed try as the run reports list it.</summary>
[MessagePackObject]
public sealed record PersistedAttempt(
    [property: Key(0)] int Attempt,
    [property: Key(1)] string Node,
    [property: Key(2)] FailureClass Class,
    [property: Key(3)] string Reason,
    [property: Key(4)] DateTime AtUtc);

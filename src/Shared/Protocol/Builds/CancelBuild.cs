using MessagePack;

namespace AsterFarm.Shared.Protocol.Builds;

/// <summary>Scheduler → builder: stop the lease's build and leave no process behind; no result is expected.</summary>
[MessagePackObject]
public sealed record CancelBuild(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] string Reason) : IAsterFarmMessage;

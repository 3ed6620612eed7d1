using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>A build a builder is running, reported so a new scheduler re-attaches it instead of dispatching it again.</summary>
[MessagePackObject]
public sealed record RunningBuild(
    [property: Key(0)] LeaseId Lease,
    [property: Key(1)] StorePath DrvPath,
    [property: Key(2)] DateTime StartedAtUtc);

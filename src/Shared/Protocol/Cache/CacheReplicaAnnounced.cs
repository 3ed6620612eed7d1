using MessagePack;

namespace AsterFarm.Shared.Protocol.Cache;

/// <summary>Cache replica → peers (and the scheduler): a replica serves <paramref name="BaseUrl"/> and holds this many paths.</summary>
[MessagePackObject]
public sealed record CacheReplicaAnnounced(
    [property: Key(0)] NodeName Replica,
    [property: Key(1)] string BaseUrl,
    [property: Key(2)] long PathCount) : IAsterFarmMessage;

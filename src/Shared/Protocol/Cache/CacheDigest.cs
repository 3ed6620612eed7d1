using MessagePack;

namespace AsterFarm.Shared.Protocol.Cache;

/// <summary>Anti-entropy, replica → peer: digests of my hash ranges; the peer compares and asks for ranges that differ.</summary>
[MessagePackObject]
public sealed record CacheDigest(
    [property: Key(0)] NodeName Replica,
    [property: Key(1)] ValueList<HashRangeDigest> Ranges) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Cache;

/// <summary>Anti-entropy: send me the hash parts you hold under <paramref name="Prefix"/>, starting after <paramref name="After"/> (paging; empty for the first page).</summary>
[MessagePackObject]
public sealed record CacheRangeRequest(
    [property: Key(0)] NodeName Replica,
    [property: Key(1)] string Prefix,
    [property: Key(2)] string After) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Cache;

/// <summary>Anti-entropy: the hash parts (32 base32 characters each) under a prefix, sorted, at most <see cref="ProtocolLimits.MaxHashPartsPerMessage"/>; <paramref name="More"/> when another page follows.</summary>
[MessagePackObject]
public sealed record CacheRangeListing(
    [property: Key(0)] NodeName Replica,
    [property: Key(1)] string Prefix,
    [property: Key(2)] ValueList<string> HashParts,
    [property: Key(3)] bool More) : IAsterFarmMessage;

using AsterFarm.Shared.Hashing;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Cache;

/// <summary>The digest of the sorted hash parts a replica holds whose base32 text starts with <paramref name="Prefix"/>.</summary>
[MessagePackObject]
public sealed record HashRangeDigest(
    [property: Key(0)] string Prefix,
    [property: Key(1)] int Count,
    [property: Key(2)] NixHash Digest);

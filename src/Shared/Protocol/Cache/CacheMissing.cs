using MessagePack;

namespace AsterFarm.Shared.Protocol.Cache;

/// <summary>Anti-entropy: <paramref name="Replica"/> lacks these paths (hash parts) and will fetch their NARs from the receiver over HTTP.</summary>
[MessagePackObject]
public sealed record CacheMissing(
    [property: Key(0)] NodeName Replica,
    [property: Key(1)] ValueList<string> HashParts) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>HTTP edge → scheduler: reply with a <see cref="BuilderList"/> of the registered builders, at most <paramref name="Limit"/>.</summary>
[MessagePackObject]
public sealed record ListBuilders([property: Key(0)] int Limit) : IAsterFarmMessage
{
    /// <summary>The most builders one <see cref="BuilderList"/> carries (each lists its running builds, at most its slots).</summary>
    public const int MaxBuilders = 1000;
}

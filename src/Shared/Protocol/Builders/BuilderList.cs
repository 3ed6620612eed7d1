using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>Scheduler → HTTP edge: the registered builders, by node name.</summary>
/// <param name="Builders">Each builder as the scheduler sees it.</param>
/// <param name="Truncated">More builders are registered than listed.</param>
[MessagePackObject]
public sealed record BuilderList(
    [property: Key(0)] ValueList<BuilderStatus> Builders,
    [property: Key(1)] bool Truncated) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>
/// Builder → scheduler (through the singleton proxy): here I am, this is what I offer, these builds
/// are still running on me. Sent on start and again whenever the scheduler singleton moves; the
/// scheduler replies <see cref="BuilderRegistered"/> and dispatches to the sender.
/// </summary>
[MessagePackObject]
public sealed record RegisterBuilder(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] BuilderCapabilities Capabilities,
    [property: Key(2)] ValueList<RunningBuild> Running) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>
/// Builder → scheduler (through the singleton proxy): here I am, this is what I offer, these builds
/// are still running on me. Sent on start and again whenever the scheduler singleton moves; the
/// scheduler replies <see cref="BuilderRegistered"/> and dispatches to the sender.
/// </summary>
/// <remarks>
/// Registration is idempotent: the scheduler replaces what it knew of the node (re-attaching the
/// running builds by lease). The builder resends it every few seconds until acknowledged, and
/// registers again when the acknowledging scheduler actor terminates (it watches it) or when a
/// scheduler answers a heartbeat with <see cref="BuilderUnknown"/>.
/// </remarks>
[MessagePackObject]
public sealed record RegisterBuilder(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] BuilderCapabilities Capabilities,
    [property: Key(2)] ValueList<RunningBuild> Running) : IAsterFarmMessage;

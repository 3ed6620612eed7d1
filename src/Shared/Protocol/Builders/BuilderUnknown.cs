using MessagePack;

namespace AsterFarm.Shared.Protocol.Builders;

/// <summary>
/// Scheduler → builder, in reply to a <see cref="BuilderHeartbeat"/> from a node it has no registration
/// for (a new singleton after a move or a restart, or a registration it dropped): send
/// <see cref="RegisterBuilder"/> again, with the builds still running. The builder answers at once and
/// keeps resending until <see cref="BuilderRegistered"/> arrives.
/// </summary>
/// <param name="Node">The builder the scheduler does not know.</param>
/// <param name="Reason">Why, for the builder's log (e.g. <c>scheduler started at 12:00:03 on coordinator-1</c>).</param>
[MessagePackObject]
public sealed record BuilderUnknown(
    [property: Key(0)] NodeName Node,
    [property: Key(1)] string Reason) : IAsterFarmMessage;

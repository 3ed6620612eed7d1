namespace AsterFarm.Shared.Protocol;

/// <summary>
/// Marks a message that may cross nodes. Every implementation is a sealed record with a MessagePack
/// contract (explicit keys, additive changes only) and a manifest in
/// <see cref="Serialization.ProtocolManifests"/>; the AsterFarm serializer is bound to this interface.
/// Messages carry no actor references: replies go to the sender, which Akka serializes itself.
/// </summary>
public interface IAsterFarmMessage;

using System.Runtime.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace AsterFarm.Shared.Protocol.Serialization;

/// <summary>
/// Turns wire messages into (manifest, bytes) and back, without an actor system; the Akka
/// serializer (<c>AsterFarm.Hosting.AsterFarmMessageSerializer</c>) delegates here.
/// </summary>
public static class ProtocolSerializer
{
    /// <summary>Standard MessagePack with our formatters, hardened for data from other nodes.</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(ProtocolResolver.Instance, StandardResolver.Instance))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static string ManifestOf(Type type) =>
        ProtocolManifests.ManifestsByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new SerializationException($"{type.FullName} has no AsterFarm wire manifest; add it to ProtocolManifests");

    public static byte[] Serialize(object message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var type = message.GetType();
        var manifest = ManifestOf(type);
        var bytes = MessagePackSerializer.Serialize(type, message, Options);
        return bytes.Length <= ProtocolLimits.MaxMessageBytes
            ? bytes
            : throw new SerializationException(
                $"message '{manifest}' ({type.Name}) is {bytes.Length} bytes, over the {ProtocolLimits.MaxMessageBytes}-byte limit; split it");
    }

    public static IAsterFarmMessage Deserialize(ReadOnlyMemory<byte> bytes, string manifest)
    {
        if (ProtocolManifests.Retired.Contains(manifest))
        {
            throw new SerializationException($"AsterFarm wire manifest '{manifest}' names a message removed from the protocol; no node sends it");
        }

        if (!ProtocolManifests.TypesByManifest.TryGetValue(manifest, out var type))
        {
            throw new SerializationException(
                $"unknown AsterFarm wire manifest '{manifest}' (a newer node's message this node does not know?)");
        }

        try
        {
            return (IAsterFarmMessage)(MessagePackSerializer.Deserialize(type, bytes, Options)
                ?? throw new SerializationException($"message '{manifest}' deserialized to nil"));
        }
        catch (MessagePackSerializationException error)
        {
            throw new SerializationException($"message '{manifest}' ({type.Name}) could not be read: {error.Message}", error);
        }
    }
}

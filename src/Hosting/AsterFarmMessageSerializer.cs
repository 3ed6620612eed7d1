using Akka.Actor;
using Akka.Serialization;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Serialization;

namespace AsterFarm.Hosting;

/// <summary>
/// The Akka serializer for every <see cref="IAsterFarmMessage"/>: MessagePack bodies with the short
/// manifests of <see cref="ProtocolManifests"/>. Bound by <c>WithAsterFarmSerialization()</c>.
/// </summary>
public sealed class AsterFarmMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka serializer id: part of the wire format, never change it.</summary>
    public const int SerializerId = 1848;

    /// <summary>The name the serializer is bound under in <c>akka.actor.serializers</c>.</summary>
    public const string Name = "asterfarm";

    public override int Identifier => SerializerId;

    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return ProtocolSerializer.ManifestOf(o.GetType());
    }

    public override byte[] ToBinary(object obj) => ProtocolSerializer.Serialize(obj);

    public override object FromBinary(byte[] bytes, string manifest) => ProtocolSerializer.Deserialize(bytes, manifest);
}

using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>
/// The Akka serializer of <see cref="IPersistedJobsets"/>: the jobsets journal, its snapshots and the messages to and
/// from the jobsets singleton. LZ4-compressed MessagePack under the manifests of <see cref="JobsetManifests"/>.
/// </summary>
public sealed class JobsetsSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka serializer id: part of the journal format, never change it.</summary>
    public const int SerializerId = 1850;

    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(StandardResolver.Instance)
        .WithCompression(MessagePackCompression.Lz4BlockArray);

    /// <summary>Binds <see cref="IPersistedJobsets"/> to this serializer (added to the node's HOCON; the journal plugin is the scheduler's).</summary>
    public static Config Hocon { get; } = ConfigurationFactory.ParseString(
        $$"""
        akka.actor.serializers.asterfarm-jobsets = "{{typeof(JobsetsSerializer).AssemblyQualifiedName}}"
        akka.actor.serialization-bindings { "{{typeof(IPersistedJobsets).AssemblyQualifiedName}}" = asterfarm-jobsets }
        akka.actor.serialization-identifiers { "{{typeof(JobsetsSerializer).AssemblyQualifiedName}}" = {{SerializerId}} }
        """);

    public override int Identifier => SerializerId;

    public static byte[] Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return MessagePackSerializer.Serialize(value.GetType(), value, Options);
    }

    public static object Deserialize(ReadOnlyMemory<byte> bytes, string manifest) =>
        JobsetManifests.TypesByManifest.TryGetValue(manifest, out var type)
            ? MessagePackSerializer.Deserialize(type, bytes, Options) ?? throw new SerializationException($"jobsets '{manifest}' deserialized to nil")
            : throw new SerializationException($"unknown jobsets manifest '{manifest}' (written by a newer release?)");

    public override string Manifest(object o) =>
        JobsetManifests.ManifestsByType.TryGetValue(o?.GetType() ?? throw new ArgumentNullException(nameof(o)), out var manifest)
            ? manifest
            : throw new SerializationException($"{o.GetType().FullName} has no jobsets manifest; add it to JobsetManifests");

    public override byte[] ToBinary(object obj) => Serialize(obj);

    public override object FromBinary(byte[] bytes, string manifest) => Deserialize(bytes, manifest);
}

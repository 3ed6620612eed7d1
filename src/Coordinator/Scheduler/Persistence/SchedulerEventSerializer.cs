using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AsterFarm.Shared.Protocol.Serialization;
using MessagePack;
using MessagePack.Resolvers;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>
/// The Akka serializer of the scheduler's journal events and snapshots (<see cref="IPersistedSchedulerState"/>):
/// LZ4-compressed MessagePack with the wire types' formatters, under the manifests of <see cref="SchedulerPersistenceManifests"/>.
/// </summary>
public sealed class SchedulerEventSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Akka serializer id: part of the journal format, never change it.</summary>
    public const int SerializerId = 1849;

    /// <summary>Our own database, so not the hardening for untrusted data (which slows large dictionaries down).</summary>
    public static MessagePackSerializerOptions Options { get; } = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create(ProtocolSerializer.Options.Resolver, StandardResolver.Instance))
        .WithCompression(MessagePackCompression.Lz4BlockArray);

    public override int Identifier => SerializerId;

    public static string ManifestOf(Type type) =>
        SchedulerPersistenceManifests.ManifestsByType.TryGetValue(type ?? throw new ArgumentNullException(nameof(type)), out var manifest)
            ? manifest
            : throw new SerializationException($"{type.FullName} has no scheduler persistence manifest; add it to SchedulerPersistenceManifests");

    public static byte[] Serialize(object persisted)
    {
        ArgumentNullException.ThrowIfNull(persisted);
        return MessagePackSerializer.Serialize(persisted.GetType(), persisted, Options);
    }

    public static object Deserialize(ReadOnlyMemory<byte> bytes, string manifest)
    {
        if (!SchedulerPersistenceManifests.TypesByManifest.TryGetValue(manifest, out var type))
        {
            throw new SerializationException($"unknown scheduler persistence manifest '{manifest}' (written by a newer release?)");
        }

        return MessagePackSerializer.Deserialize(type, bytes, Options)
            ?? throw new SerializationException($"persisted '{manifest}' deserialized to nil");
    }

    public override string Manifest(object o) => ManifestOf(o?.GetType()!);

    public override byte[] ToBinary(object obj) => Serialize(obj);

    public override object FromBinary(byte[] bytes, string manifest) => Deserialize(bytes, manifest);
}

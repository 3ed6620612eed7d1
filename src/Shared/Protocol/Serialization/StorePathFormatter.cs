using AsterFarm.Shared.Store;
using MessagePack;
using MessagePack.Formatters;

namespace AsterFarm.Shared.Protocol.Serialization;

/// <summary>A store path on the wire: its base name <c>hash-name</c>, validated when read.</summary>
internal sealed class StorePathFormatter : IMessagePackFormatter<StorePath>
{
    public static readonly StorePathFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, StorePath value, MessagePackSerializerOptions options) =>
        writer.Write(value.BaseName);

    public StorePath Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        StorePath.Parse(reader.ReadString() ?? throw new MessagePackSerializationException("a store path is never nil"));
}

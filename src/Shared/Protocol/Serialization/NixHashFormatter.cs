using AsterFarm.Shared.Hashing;
using MessagePack;
using MessagePack.Formatters;

namespace AsterFarm.Shared.Protocol.Serialization;

/// <summary>A hash on the wire: Nix's <c>algo:base32</c> text, the form narinfo files use.</summary>
internal sealed class NixHashFormatter : IMessagePackFormatter<NixHash>
{
    public static readonly NixHashFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, NixHash value, MessagePackSerializerOptions options) =>
        writer.Write(value.ToString());

    public NixHash Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        NixHash.Parse(reader.ReadString() ?? throw new MessagePackSerializationException("a hash is never nil"));
}

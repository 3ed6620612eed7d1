using MessagePack;
using MessagePack.Formatters;

namespace AsterFarm.Shared.Protocol.Serialization;

/// <summary>A <see cref="ValueList{T}"/> on the wire: a MessagePack array (nil for null), like <c>T[]</c>.</summary>
internal sealed class ValueListFormatter<T> : IMessagePackFormatter<ValueList<T>?>
{
    public void Serialize(ref MessagePackWriter writer, ValueList<T>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var element = options.Resolver.GetFormatterWithVerify<T>();
        writer.WriteArrayHeader(value.Count);
        foreach (var item in value)
        {
            element.Serialize(ref writer, item, options);
        }
    }

    public ValueList<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var element = options.Resolver.GetFormatterWithVerify<T>();
        var count = reader.ReadArrayHeader();
        var items = new T[count];
        options.Security.DepthStep(ref reader);
        try
        {
            for (var i = 0; i < count; i++)
            {
                items[i] = element.Deserialize(ref reader, options);
            }
        }
        finally
        {
            reader.Depth--;
        }

        return ValueList.Wrap(items);
    }
}

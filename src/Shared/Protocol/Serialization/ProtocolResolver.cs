using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;
using MessagePack;
using MessagePack.Formatters;

namespace AsterFarm.Shared.Protocol.Serialization;

/// <summary>Formatters for the Nix model types and <see cref="ValueList{T}"/>; everything else falls through to MessagePack's standard resolver.</summary>
internal sealed class ProtocolResolver : IFormatterResolver
{
    public static readonly ProtocolResolver Instance = new();

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static object? Create(Type type)
    {
        if (type == typeof(StorePath))
        {
            return StorePathFormatter.Instance;
        }

        if (type == typeof(NixHash))
        {
            return NixHashFormatter.Instance;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>))
        {
            return Activator.CreateInstance(typeof(ValueListFormatter<>).MakeGenericType(type.GetGenericArguments()));
        }

        return null;
    }

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)Create(typeof(T));
    }
}

using System.Diagnostics.CodeAnalysis;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// The outcome of a write to the cache: the stored value, or a <see cref="CacheRefusal"/>. Refusals are expected
/// (a hostile or broken upload) and never exceptions; nothing is stored when a write is refused. Made by <see cref="CacheWriteResult"/>.
/// </summary>
public sealed record CacheWriteResult<T>
    where T : class
{
    internal CacheWriteResult(T? value, CacheRefusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    /// <summary>What was stored (e.g. the measured NAR, the signed narinfo) when the write succeeded.</summary>
    public T? Value { get; }

    /// <summary>Why the write was refused, when it was.</summary>
    public CacheRefusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsStored => Refusal is null;

    public override string ToString() => IsStored ? $"stored {Value}" : $"refused: {Refusal}";
}

namespace AsterFarm.Shared.Protocol;

/// <summary>Creates <see cref="ValueList{T}"/>s; also the collection-expression builder.</summary>
public static class ValueList
{
    public static ValueList<T> Create<T>(ReadOnlySpan<T> items) =>
        items.IsEmpty ? ValueList<T>.Empty : new ValueList<T>(items.ToArray());

    public static ValueList<T> From<T>(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var array = items.ToArray();
        return array.Length == 0 ? ValueList<T>.Empty : new ValueList<T>(array);
    }

    /// <summary>Takes ownership of <paramref name="items"/> without copying (the deserializer's path).</summary>
    internal static ValueList<T> Wrap<T>(T[] items) => items.Length == 0 ? ValueList<T>.Empty : new ValueList<T>(items);
}

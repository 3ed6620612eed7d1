using System.Collections;

namespace AsterFarm.Shared.Derivations;

/// <summary>An immutable set kept as a sorted array without duplicates, iterated in order, with structural equality.</summary>
public sealed class SortedArraySet<T> : IReadOnlyList<T>, IEquatable<SortedArraySet<T>>
    where T : notnull
{
    private readonly T[] _items;

    internal SortedArraySet(T[] sortedDistinctItems, IComparer<T> comparer)
    {
        _items = sortedDistinctItems;
        Comparer = comparer;
    }

    public IComparer<T> Comparer { get; }

    public int Count => _items.Length;

    public ReadOnlySpan<T> Span => _items;

    public T this[int index] => _items[index];

    /// <summary>Builds a set from items in any order; duplicates collapse, as in a <c>std::set</c>.</summary>
    internal static SortedArraySet<T> Create(IEnumerable<T> items, IComparer<T> comparer)
    {
        ArgumentNullException.ThrowIfNull(items);
        return FromArray(items.ToArray(), comparer);
    }

    /// <summary>Takes ownership of the array; sorts it and drops duplicates if needed.</summary>
    internal static SortedArraySet<T> FromArray(T[] items, IComparer<T> comparer)
    {
        if (SortedArrayDictionary<T, T>.IsStrictlySorted(items, comparer))
        {
            return new SortedArraySet<T>(items, comparer);
        }

        Array.Sort(items, comparer);
        var count = 0;
        for (var i = 0; i < items.Length; i++)
        {
            if (count == 0 || comparer.Compare(items[count - 1], items[i]) != 0)
            {
                items[count++] = items[i];
            }
        }

        return new SortedArraySet<T>(count == items.Length ? items : items[..count], comparer);
    }

    public bool Contains(T item) => Array.BinarySearch(_items, item, Comparer) >= 0;

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(SortedArraySet<T>? other) =>
        other is not null && _items.AsSpan().SequenceEqual(other._items, EqualityComparer<T>.Default);

    public override bool Equals(object? obj) => obj is SortedArraySet<T> other && Equals(other);

    public override int GetHashCode()
    {
        var code = new HashCode();
        foreach (var item in _items)
        {
            code.Add(item);
        }

        return code.ToHashCode();
    }
}

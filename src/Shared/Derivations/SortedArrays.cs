namespace AsterFarm.Shared.Derivations;

/// <summary>Factories for <see cref="SortedArrayDictionary{TKey, TValue}"/> and <see cref="SortedArraySet{T}"/>.</summary>
public static class SortedArrays
{
    /// <summary>A dictionary from pairs in any order; a key given twice throws <see cref="ArgumentException"/>.</summary>
    public static SortedArrayDictionary<TKey, TValue> ToSortedDictionary<TKey, TValue>(
        this IEnumerable<KeyValuePair<TKey, TValue>> pairs, IComparer<TKey> comparer)
        where TKey : notnull =>
        SortedArrayDictionary<TKey, TValue>.Create(pairs, comparer);

    /// <summary>A set from items in any order; duplicates collapse.</summary>
    public static SortedArraySet<T> ToSortedSet<T>(this IEnumerable<T> items, IComparer<T> comparer)
        where T : notnull =>
        SortedArraySet<T>.Create(items, comparer);

    /// <summary>A string-keyed dictionary in Nix order (UTF-8 byte order).</summary>
    public static SortedArrayDictionary<string, TValue> ToNixOrderedDictionary<TValue>(this IEnumerable<KeyValuePair<string, TValue>> pairs) =>
        SortedArrayDictionary<string, TValue>.Create(pairs, Utf8OrdinalComparer.Instance);

    /// <summary>A string set in Nix order (UTF-8 byte order).</summary>
    public static SortedArraySet<string> ToNixOrderedSet(this IEnumerable<string> items) =>
        SortedArraySet<string>.Create(items, Utf8OrdinalComparer.Instance);
}

using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace AsterFarm.Shared.Derivations;

/// <summary>
/// An immutable map kept as two sorted arrays: iteration in key order (the order Nix prints), lookup by
/// binary search, structural equality. Cheaper than a tree for the small, read-mostly maps of a derivation.
/// </summary>
public sealed class SortedArrayDictionary<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>, IEquatable<SortedArrayDictionary<TKey, TValue>>
    where TKey : notnull
{
    private readonly TKey[] _keys;
    private readonly TValue[] _values;

    internal SortedArrayDictionary(TKey[] sortedKeys, TValue[] values, IComparer<TKey> comparer)
    {
        _keys = sortedKeys;
        _values = values;
        Comparer = comparer;
    }

    public IComparer<TKey> Comparer { get; }

    public int Count => _keys.Length;

    public ReadOnlySpan<TKey> KeySpan => _keys;

    public ReadOnlySpan<TValue> ValueSpan => _values;

    public IEnumerable<TKey> Keys => _keys;

    public IEnumerable<TValue> Values => _values;

    public TValue this[TKey key] =>
        TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"key '{key}' is not in the map");

    /// <summary>
    /// Builds a map from pairs in any order; throws <see cref="ArgumentException"/> naming a key that occurs twice.
    /// </summary>
    internal static SortedArrayDictionary<TKey, TValue> Create(IEnumerable<KeyValuePair<TKey, TValue>> pairs, IComparer<TKey> comparer)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = pairs.ToArray();
        var keys = new TKey[list.Length];
        var values = new TValue[list.Length];
        for (var i = 0; i < list.Length; i++)
        {
            keys[i] = list[i].Key;
            values[i] = list[i].Value;
        }

        return FromArrays(keys, values, comparer);
    }

    /// <summary>Takes ownership of the arrays, sorting them if needed; a duplicate key throws <see cref="ArgumentException"/>.</summary>
    internal static SortedArrayDictionary<TKey, TValue> FromArrays(TKey[] keys, TValue[] values, IComparer<TKey> comparer)
    {
        if (!IsStrictlySorted(keys, comparer))
        {
            Array.Sort(keys, values, comparer);
            if (TryFindDuplicate(keys, comparer, out var duplicate))
            {
                throw new ArgumentException($"duplicate key '{duplicate}'", nameof(keys));
            }
        }

        return new SortedArrayDictionary<TKey, TValue>(keys, values, comparer);
    }

    internal static bool IsStrictlySorted(ReadOnlySpan<TKey> keys, IComparer<TKey> comparer)
    {
        for (var i = 1; i < keys.Length; i++)
        {
            if (comparer.Compare(keys[i - 1], keys[i]) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    internal static bool TryFindDuplicate(ReadOnlySpan<TKey> sortedKeys, IComparer<TKey> comparer, [MaybeNullWhen(false)] out TKey duplicate)
    {
        for (var i = 1; i < sortedKeys.Length; i++)
        {
            if (comparer.Compare(sortedKeys[i - 1], sortedKeys[i]) == 0)
            {
                duplicate = sortedKeys[i];
                return true;
            }
        }

        duplicate = default;
        return false;
    }

    public bool ContainsKey(TKey key) => IndexOf(key) >= 0;

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            value = default;
            return false;
        }

        value = _values[index];
        return true;
    }

    public int IndexOf(TKey key) => Array.BinarySearch(_keys, key, Comparer) is var i and >= 0 ? i : -1;

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator()
    {
        for (var i = 0; i < _keys.Length; i++)
        {
            yield return new KeyValuePair<TKey, TValue>(_keys[i], _values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(SortedArrayDictionary<TKey, TValue>? other)
    {
        if (other is null || other.Count != Count)
        {
            return false;
        }

        var keyComparer = EqualityComparer<TKey>.Default;
        var valueComparer = EqualityComparer<TValue>.Default;
        for (var i = 0; i < _keys.Length; i++)
        {
            if (!keyComparer.Equals(_keys[i], other._keys[i]) || !valueComparer.Equals(_values[i], other._values[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is SortedArrayDictionary<TKey, TValue> other && Equals(other);

    public override int GetHashCode()
    {
        var code = new HashCode();
        for (var i = 0; i < _keys.Length; i++)
        {
            code.Add(_keys[i]);
            code.Add(_values[i]);
        }

        return code.ToHashCode();
    }
}

using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// The <c>.drv</c> paths this node has itself verified (their bytes hashed to the path, their output paths as
/// <c>hashDerivationModulo</c> gives them), with what a dependant needs of them: the unmasked modulo hash and the
/// output paths. A store path names a hash of its bytes, so bytes that were verified under a path are the only bytes
/// that ever can be: a later build whose closure includes the path neither reads nor hashes it again (on a chain of
/// n derivations, n checks instead of n²/2). Only this node's own results enter, never a peer's or the cache's word,
/// and a build's own <c>.drv</c> is always checked from the bytes it is built from, so a forged file never rides on an
/// entry. Bounded: the least recently used entry goes first. Thread-safe.
/// </summary>
internal sealed class VerifiedDerivations
{
    private readonly int _capacity;
    private readonly Dictionary<StorePath, LinkedListNode<(StorePath Path, Entry Entry)>> _entries = [];
    private readonly LinkedList<(StorePath Path, Entry Entry)> _recency = [];
    private readonly Lock _lock = new();

    /// <param name="capacity">How many derivations are kept; 0 keeps none (every build checks its whole closure).</param>
    public VerifiedDerivations(int capacity) => _capacity = Math.Max(0, capacity);

    /// <summary>How many derivations are remembered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>What was verified of <paramref name="drvPath"/>, or false if this node has not verified it (or forgot).</summary>
    public bool TryGet(StorePath drvPath, out Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(drvPath, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                entry = node.Value.Entry;
                return true;
            }
        }

        entry = null!;
        return false;
    }

    /// <summary>
    /// Remembers every valid derivation of <paramref name="verified"/> (the results of one check), with its modulo
    /// hash from <paramref name="closure"/>, the check that computed them. Invalid ones are never remembered.
    /// </summary>
    public void AddValid(DerivationClosure closure, IEnumerable<DerivationVerification> verified)
    {
        ArgumentNullException.ThrowIfNull(closure);
        ArgumentNullException.ThrowIfNull(verified);
        if (_capacity == 0)
        {
            return;
        }

        foreach (var result in verified)
        {
            if (result.IsValid && closure.ModuloHashOf(result.DrvPath) is { } hash)
            {
                Add(result.DrvPath, new Entry(hash, result.OutputPaths));
            }
        }
    }

    private void Add(StorePath drvPath, Entry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(drvPath, out var known))
            {
                _recency.Remove(known);
                _recency.AddFirst(known);
                return;
            }

            _entries[drvPath] = _recency.AddFirst((drvPath, entry));
            if (_entries.Count > _capacity)
            {
                var oldest = _recency.Last!;
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Path);
            }
        }
    }

    /// <summary>One verified derivation.</summary>
    /// <param name="UnmaskedHash">Its <c>hashDerivationModulo</c> (unmasked), which dependants' output paths are computed from.</param>
    /// <param name="OutputPaths">Its output paths as computed (equal to the ones it states: it was valid).</param>
    internal sealed record Entry(DerivationModuloHash UnmaskedHash, SortedArrayDictionary<string, StorePath?> OutputPaths);
}

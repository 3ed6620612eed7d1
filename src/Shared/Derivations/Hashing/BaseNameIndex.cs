using System.Buffers.Binary;

namespace AsterFarm.Shared.Derivations.Hashing;

/// <summary>
/// Store base names (UTF-8, as they appear in <c>.drv</c> files) → dense ids, for the ~17 input references of every
/// derivation in a closure. An open-addressed table of ids over one arena of name bytes: a lookup hashes a few bytes
/// of the (already random) hash part and compares against the arena, without making a string or touching a string
/// object per reference. Lookups may run on many threads at once as long as nothing is added meanwhile.
/// </summary>
internal sealed class BaseNameIndex
{
    private int[] _slots = new int[1024];
    private byte[] _arena = new byte[64 * 1024];
    private int[] _starts = new int[1024 + 1];
    private int _arenaLength;

    public int Count { get; private set; }

    /// <summary>The id of <paramref name="baseName"/>, or -1.</summary>
    public int Find(ReadOnlySpan<byte> baseName)
    {
        var mask = _slots.Length - 1;
        for (var slot = Hash(baseName) & mask; ; slot = (slot + 1) & mask)
        {
            var id = _slots[slot] - 1;
            if (id < 0)
            {
                return -1;
            }

            if (_arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id]).SequenceEqual(baseName))
            {
                return id;
            }
        }
    }

    /// <summary>Adds a name not in the index yet; its id is the number of names added before it.</summary>
    public int Add(ReadOnlySpan<byte> baseName)
    {
        if ((Count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        var id = Count++;
        if (_starts.Length < Count + 1)
        {
            Array.Resize(ref _starts, _starts.Length * 2);
        }

        if (_arena.Length - _arenaLength < baseName.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + baseName.Length));
        }

        baseName.CopyTo(_arena.AsSpan(_arenaLength));
        _arenaLength += baseName.Length;
        _starts[id + 1] = _arenaLength;
        Insert(Hash(baseName), id);
        return id;
    }

    private void Grow()
    {
        _slots = new int[_slots.Length * 2];
        for (var id = 0; id < Count; id++)
        {
            Insert(Hash(_arena.AsSpan(_starts[id], _starts[id + 1] - _starts[id])), id);
        }
    }

    private void Insert(int hash, int id)
    {
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }

        _slots[slot] = id + 1;
    }

    // Names of store paths start with the 32 base32 characters of a digest, which mix well on their own.
    // Anything shorter is hashed whole; correctness never depends on the hash, only the probe length does.
    private static int Hash(ReadOnlySpan<byte> name)
    {
        var h = (ulong)name.Length;
        if (name.Length >= 32)
        {
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name) * 0x9E3779B97F4A7C15UL;
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name[8..]) * 0xC2B2AE3D27D4EB4FUL;
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name[16..]) * 0x165667B19E3779F9UL;
            h ^= BinaryPrimitives.ReadUInt64LittleEndian(name[24..]) * 0x27D4EB2F165667C5UL;
        }
        else
        {
            foreach (var b in name)
            {
                h = (h ^ b) * 0x100000001B3UL;
            }
        }

        return (int)((h ^ (h >> 29)) & int.MaxValue);
    }
}

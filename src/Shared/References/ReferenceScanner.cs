using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.References;

/// <summary>
/// Finds which candidate store paths a byte stream refers to, as Nix does after a build (nix-formats.md §7): the
/// 32-character hash part of a candidate anywhere in the bytes counts, even across chunk boundaries. Feed it chunks
/// with <see cref="Append"/> (or chain it through <see cref="ReferenceScanningStream"/>); memory stays constant.
/// </summary>
public sealed class ReferenceScanner
{
    private const int HashLength = StorePath.HashPartLength;

    private static readonly bool[] IsBase32 = BuildBase32Table();

    private readonly Dictionary<string, StorePath> _pending;
    private readonly Dictionary<string, StorePath>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly SortedSet<StorePath> _found = [];

    // The last HashLength bytes seen, so that a hash split between two chunks is still found.
    private readonly byte[] _tail = new byte[HashLength];
    private int _tailLength;

    public ReferenceScanner(IEnumerable<StorePath> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        _pending = new Dictionary<string, StorePath>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
        {
            _pending.TryAdd(candidate.HashPart, candidate);
        }

        _lookup = _pending.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The candidates found so far, in store-path order.</summary>
    public IReadOnlySet<StorePath> Found => _found;

    /// <summary>Scans the whole of <paramref name="source"/> (e.g. a NAR) and returns the candidates it refers to.</summary>
    public static IReadOnlySet<StorePath> Scan(Stream source, IEnumerable<StorePath> candidates)
    {
        ArgumentNullException.ThrowIfNull(source);
        var scanner = new ReferenceScanner(candidates);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            scanner.Append(buffer.AsSpan(0, read));
        }

        return scanner.Found;
    }

    /// <summary>Scans the next chunk of the stream.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (_pending.Count == 0 || chunk.IsEmpty)
        {
            return;
        }

        // Hashes straddling the previous chunk and this one: the tail plus this chunk's first bytes.
        Span<byte> seam = stackalloc byte[2 * HashLength];
        var head = Math.Min(chunk.Length, HashLength - 1);
        _tail.AsSpan(0, _tailLength).CopyTo(seam);
        chunk[..head].CopyTo(seam[_tailLength..]);
        Search(seam[..(_tailLength + head)]);
        Search(chunk);
        KeepTail(chunk);
    }

    private void KeepTail(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= HashLength)
        {
            chunk[^HashLength..].CopyTo(_tail);
            _tailLength = HashLength;
            return;
        }

        var keep = Math.Min(_tailLength, HashLength - chunk.Length);
        _tail.AsSpan(_tailLength - keep, keep).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(keep));
        _tailLength = keep + chunk.Length;
    }

    private void Search(ReadOnlySpan<byte> data)
    {
        var table = IsBase32;
        for (var i = 0; i + HashLength <= data.Length;)
        {
            // Check the window from its right end: a non-base32 byte at j rules out every window containing it.
            var j = HashLength - 1;
            while (j >= 0 && table[data[i + j]])
            {
                j--;
            }

            if (j >= 0)
            {
                i += j + 1;
                continue;
            }

            Check(data.Slice(i, HashLength));
            i++;
        }
    }

    private void Check(ReadOnlySpan<byte> window)
    {
        Span<char> text = stackalloc char[HashLength];
        for (var k = 0; k < HashLength; k++)
        {
            text[k] = (char)window[k];
        }

        if (_lookup.TryGetValue(text, out var key, out var path))
        {
            _found.Add(path);
            _pending.Remove(key);
        }
    }

    private static bool[] BuildBase32Table()
    {
        var table = new bool[256];
        for (var b = 0; b < 256; b++)
        {
            table[b] = NixBase32.IsDigit((byte)b);
        }

        return table;
    }
}

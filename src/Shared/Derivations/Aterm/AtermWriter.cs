using System.Buffers;
using System.Text;

namespace AsterFarm.Shared.Derivations.Aterm;

/// <summary>
/// A growable UTF-8 buffer with the two string printers of Nix's <c>Derivation::unparse</c>: escaped
/// (<c>"</c>, <c>\</c>, LF, CR, TAB) and raw. Reusable via <see cref="Clear"/> so hashing many derivations
/// does not allocate a buffer each time.
/// </summary>
internal sealed class AtermWriter
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create("\"\\\n\r\t"u8);

    private byte[] _buffer;
    private int _length;

    public AtermWriter(int initialCapacity = 16 * 1024) => _buffer = new byte[initialCapacity];

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Clear() => _length = 0;

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _length += bytes.Length;
    }

    public void Byte(byte b)
    {
        Reserve(1)[0] = b;
        _length++;
    }

    /// <summary>A quoted string with no escaping (output names, paths, hash fields, system).</summary>
    public void RawString(string text)
    {
        Byte((byte)'"');
        Utf8(text);
        Byte((byte)'"');
    }

    /// <summary>A quoted string with backslash escapes (builder, args, env keys and values).</summary>
    public void EscapedString(string text)
    {
        Byte((byte)'"');
        var start = _length;
        Utf8(text);
        var written = _buffer.AsSpan(start, _length - start);
        var first = written.IndexOfAny(NeedsEscape);
        if (first >= 0)
        {
            EscapeTail(start + first);
        }

        Byte((byte)'"');
    }

    /// <summary>A list of quoted strings <c>["a","b"]</c>.</summary>
    public void StringList(ReadOnlySpan<string> items, bool escape)
    {
        Byte((byte)'[');
        for (var i = 0; i < items.Length; i++)
        {
            if (i > 0)
            {
                Byte((byte)',');
            }

            if (escape)
            {
                EscapedString(items[i]);
            }
            else
            {
                RawString(items[i]);
            }
        }

        Byte((byte)']');
    }

    private void Utf8(string text)
    {
        var destination = Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, destination);
    }

    // Rewrites the already-encoded bytes from `from` on with escapes; they are copied out first because
    // escaping lengthens them in place.
    private void EscapeTail(int from)
    {
        var tailLength = _length - from;
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        try
        {
            _buffer.AsSpan(from, tailLength).CopyTo(tail);
            _length = from;
            var remaining = tail.AsSpan(0, tailLength);
            while (!remaining.IsEmpty)
            {
                var next = remaining.IndexOfAny(NeedsEscape);
                if (next < 0)
                {
                    Raw(remaining);
                    break;
                }

                Raw(remaining[..next]);
                var escaped = Reserve(2);
                escaped[0] = (byte)'\\';
                escaped[1] = remaining[next] switch
                {
                    (byte)'\n' => (byte)'n',
                    (byte)'\r' => (byte)'r',
                    (byte)'\t' => (byte)'t',
                    var other => other,
                };
                _length += 2;
                remaining = remaining[(next + 1)..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var size = Math.Max(_buffer.Length * 2, _length + count);
            Array.Resize(ref _buffer, size);
        }

        return _buffer.AsSpan(_length);
    }
}

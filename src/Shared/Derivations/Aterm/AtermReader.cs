using System.Buffers;
using System.Text;

namespace AsterFarm.Shared.Derivations.Aterm;

/// <summary>
/// A cursor over ATerm bytes: literals, quoted strings with Nix's escapes (<c>\n \r \t</c>, any other escaped
/// byte stands for itself) and comma-separated lists. Every failure is a <see cref="DerivationFormatException"/>
/// carrying the byte offset. The input must already be known to be valid UTF-8.
/// </summary>
internal ref struct AtermReader
{
    private static readonly SearchValues<byte> QuoteOrBackslash = SearchValues.Create("\"\\"u8);

    private readonly ReadOnlySpan<byte> _input;
    private byte[]? _scratch;

    public AtermReader(ReadOnlySpan<byte> input)
    {
        _input = input;
        Position = 0;
    }

    public int Position { get; private set; }

    public readonly bool AtEnd => Position >= _input.Length;

    /// <summary>Set by the last <see cref="ReadString"/>: whether the string contained a backslash escape.</summary>
    public bool LastHadEscape { get; private set; }

    public void Expect(byte expected)
    {
        if (Position >= _input.Length || _input[Position] != expected)
        {
            throw Error($"expected '{(char)expected}' but found {DescribeCurrent()}");
        }

        Position++;
    }

    public void Expect(ReadOnlySpan<byte> literal)
    {
        foreach (var b in literal)
        {
            Expect(b);
        }
    }

    /// <summary>
    /// Advances over the separator before list item <paramref name="index"/> (starting at 0 after <c>[</c>);
    /// returns false, having consumed <c>]</c>, at the end of the list.
    /// </summary>
    public bool NextItem(ref int index)
    {
        if (Position < _input.Length && _input[Position] == ']')
        {
            Position++;
            return false;
        }

        if (index > 0)
        {
            if (Position >= _input.Length || _input[Position] != ',')
            {
                throw Error($"expected ',' or ']' but found {DescribeCurrent()}");
            }

            Position++;
        }

        index++;
        return true;
    }

    public void ExpectEnd()
    {
        if (Position != _input.Length)
        {
            throw Error($"expected end of input but found {DescribeCurrent()}");
        }
    }

    /// <summary>Reads a quoted string and decodes it from UTF-8.</summary>
    public string ReadString()
    {
        var bytes = ReadStringBytes();
        return bytes.IsEmpty ? string.Empty : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a quoted string; the span is valid until the next read.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var start = Position;
        Expect((byte)'"');
        var rest = _input[Position..];
        var stop = rest.IndexOfAny(QuoteOrBackslash);
        if (stop >= 0 && rest[stop] == '"')
        {
            LastHadEscape = false;
            Position += stop + 1;
            return rest[..stop];
        }

        return ReadEscaped(start, stop < 0 ? rest.Length : stop);
    }

    public readonly DerivationFormatException Error(string problem) => new(Position, problem);

    public static DerivationFormatException Error(int offset, string problem) => new(offset, problem);

    public void Dispose()
    {
        if (_scratch is not null)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = null;
        }
    }

    // Slow path: the string has a backslash (or no end). The unescaped bytes are never longer than the
    // rest of the input, so the scratch buffer is bounded by the input size.
    private ReadOnlySpan<byte> ReadEscaped(int start, int plainPrefix)
    {
        LastHadEscape = true;
        var rest = _input[Position..];
        if (_scratch is null || _scratch.Length < rest.Length)
        {
            if (_scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(_scratch);
            }

            _scratch = ArrayPool<byte>.Shared.Rent(Math.Max(rest.Length, 256));
        }

        rest[..plainPrefix].CopyTo(_scratch);
        var length = plainPrefix;
        var i = plainPrefix;
        while (i < rest.Length)
        {
            var b = rest[i];
            if (b == '"')
            {
                Position += i + 1;
                return _scratch.AsSpan(0, length);
            }

            if (b == '\\')
            {
                if (i + 1 >= rest.Length)
                {
                    break;
                }

                var escaped = rest[i + 1];
                _scratch[length++] = escaped switch
                {
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => escaped,
                };
                i += 2;
                continue;
            }

            var next = rest[i..].IndexOfAny(QuoteOrBackslash);
            var plain = next < 0 ? rest.Length - i : next;
            rest.Slice(i, plain).CopyTo(_scratch.AsSpan(length));
            length += plain;
            i += plain;
        }

        Position = _input.Length;
        throw Error($"expected '\"' to close the string that starts at byte {start} but found end of input");
    }

    private readonly string DescribeCurrent() =>
        Position >= _input.Length ? "end of input" : Describe(_input[Position]);

    private static string Describe(byte b) =>
        b is >= 0x20 and < 0x7f ? $"'{(char)b}'" : $"byte 0x{b:x2}";
}

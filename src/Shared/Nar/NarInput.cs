using System.Buffers;
using System.Buffers.Binary;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// Buffered, offset-counting access to the bytes of a NAR for <see cref="NarReader"/>: NAR strings, padding checks,
/// and precise "unexpected end" errors. Large content reads bypass the buffer.
/// </summary>
internal sealed class NarInput : IDisposable
{
    private const int BufferSize = 256 << 10;

    private readonly Stream _source;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _start;
    private int _end;
    private long _bufferOffset;

    public NarInput(Stream source) => _source = source;

    /// <summary>Offset in the NAR of the next unread byte.</summary>
    public long Offset => _bufferOffset + _start;

    public ulong ReadLength()
    {
        Fill(8);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_start, 8));
        _start += 8;
        return value;
    }

    /// <summary>Reads a string of at most <paramref name="max"/> bytes; a longer length field is refused unread.</summary>
    public ReadOnlySpan<byte> ReadString(int max, string what) => ReadString(max, what, describe: null);

    /// <summary>As <see cref="ReadString(int, string)"/>, describing the string only when it is refused (the description may cost).</summary>
    public ReadOnlySpan<byte> ReadString(int max, Func<string> describe) => ReadString(max, what: null, describe);

    private ReadOnlySpan<byte> ReadString(int max, string? what, Func<string>? describe)
    {
        var at = Offset;
        var length = ReadLength();
        if (length > (ulong)max)
        {
            throw new NarFormatException($"{what ?? describe!()} of {length} bytes is longer than the limit of {max}", at);
        }

        var count = (int)length;
        var padding = NarTokens.PaddingFor(count);
        Fill(count + padding);
        var value = _buffer.AsSpan(_start, count);
        _start += count;
        CheckPadding(_buffer.AsSpan(_start, padding));
        _start += padding;
        return value;
    }

    /// <summary>Reads padding after contents of <paramref name="length"/> bytes and checks it is zero.</summary>
    public void ReadPadding(long length)
    {
        var padding = NarTokens.PaddingFor(length);
        Fill(padding);
        CheckPadding(_buffer.AsSpan(_start, padding));
        _start += padding;
    }

    /// <summary>Reads up to <paramref name="destination"/>.Length content bytes (at least one); the caller bounds the length.</summary>
    public int ReadSome(Span<byte> destination)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }

        if (_start == _end && destination.Length >= BufferSize / 2)
        {
            var direct = _source.Read(destination);
            if (direct == 0)
            {
                throw UnexpectedEnd();
            }

            _bufferOffset += direct;
            return direct;
        }

        Fill(1);
        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>Consumes <paramref name="count"/> content bytes without keeping them.</summary>
    public void Skip(long count)
    {
        while (count > 0)
        {
            Fill(1);
            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    /// <summary>Throws unless the stream ends here.</summary>
    public void ExpectEnd()
    {
        if (_start < _end || FillMore() > 0)
        {
            throw new NarFormatException("trailing data after the end of the NAR", Offset);
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void CheckPadding(ReadOnlySpan<byte> padding)
    {
        var bad = padding.IndexOfAnyExcept((byte)0);
        if (bad >= 0)
        {
            throw new NarFormatException("non-zero padding", Offset + bad);
        }
    }

    /// <summary>Makes <paramref name="count"/> (≤ buffer size) bytes available at <c>_start</c>.</summary>
    private void Fill(int count)
    {
        while (_end - _start < count)
        {
            if (FillMore() == 0)
            {
                throw UnexpectedEnd();
            }
        }
    }

    private int FillMore()
    {
        if (_start > 0 && (_end == _buffer.Length || _start == _end))
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
        }

        var read = _source.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        return read;
    }

    private NarFormatException UnexpectedEnd() =>
        new($"unexpected end of NAR at byte {_bufferOffset + _end}", _bufferOffset + _end);
}

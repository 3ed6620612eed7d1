using System.Buffers.Binary;
using System.Text;

namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// Reads the serve protocol's frames from the peer's output: 64-bit little-endian integers and strings (a length, the
/// bytes, zero padding to a multiple of 8). Buffered, so it must be the only reader of the stream; every failure is a
/// <see cref="ServeProtocolException"/> naming the machine and the field that was expected.
/// </summary>
public sealed class ServeReader(Stream source, string machine)
{
    private const int BufferSize = 64 << 10;

    /// <summary>Longest string accepted where the protocol carries short text (paths, hashes, names).</summary>
    public const int MaxShortString = 64 << 10;

    /// <summary>Longest error message or realisation JSON accepted.</summary>
    public const int MaxLongString = 16 << 20;

    /// <summary>Most elements accepted in one list or set.</summary>
    public const int MaxListCount = 1 << 20;

    private readonly byte[] _buffer = new byte[BufferSize];
    private int _start;
    private int _end;

    /// <summary>The machine named in errors.</summary>
    public string Machine { get; } = machine;

    public async ValueTask<ulong> ReadUInt64Async(string what, CancellationToken cancellationToken)
    {
        await FillAsync(8, what, cancellationToken).ConfigureAwait(false);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.AsSpan(_start, 8));
        _start += 8;
        return value;
    }

    /// <summary>A 64-bit field that must fit a signed 64-bit value (sizes, times).</summary>
    public async ValueTask<long> ReadInt64Async(string what, CancellationToken cancellationToken)
    {
        var value = await ReadUInt64Async(what, cancellationToken).ConfigureAwait(false);
        return value <= long.MaxValue ? (long)value : throw Malformed($"{what} {value} is out of range");
    }

    public async ValueTask<bool> ReadBoolAsync(string what, CancellationToken cancellationToken)
    {
        var value = await ReadUInt64Async(what, cancellationToken).ConfigureAwait(false);
        return value switch
        {
            0 => false,
            1 => true,
            _ => throw Malformed($"{what} is {value}, not a boolean"),
        };
    }

    /// <summary>A string's raw bytes, at most <paramref name="max"/> of them; a longer length is refused unread.</summary>
    public async ValueTask<byte[]> ReadBytesAsync(int max, string what, CancellationToken cancellationToken)
    {
        var length = await ReadUInt64Async(what + "'s length", cancellationToken).ConfigureAwait(false);
        if (length > (ulong)max)
        {
            throw Malformed($"{what} of {length} bytes is longer than the limit of {max}");
        }

        var bytes = new byte[(int)length];
        await ReadExactAsync(bytes, what, cancellationToken).ConfigureAwait(false);
        await ReadPaddingAsync((long)length, what, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    public async ValueTask<string> ReadStringAsync(string what, CancellationToken cancellationToken, int max = MaxShortString)
    {
        var bytes = await ReadBytesAsync(max, what, cancellationToken).ConfigureAwait(false);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"{what} is not valid UTF-8");
        }
    }

    /// <summary>A list (or set) of strings: a count, then each string.</summary>
    public async ValueTask<List<string>> ReadStringsAsync(string what, CancellationToken cancellationToken, int maxLength = MaxShortString)
    {
        var count = await ReadUInt64Async(what + "'s count", cancellationToken).ConfigureAwait(false);
        if (count > MaxListCount)
        {
            throw Malformed($"{what} has {count} elements, more than the limit of {MaxListCount}");
        }

        var list = new List<string>((int)Math.Min(count, 1024));
        for (ulong i = 0; i < count; i++)
        {
            list.Add(await ReadStringAsync(what, cancellationToken, maxLength).ConfigureAwait(false));
        }

        return list;
    }

    /// <summary>Fills <paramref name="destination"/> completely.</summary>
    public async ValueTask ReadExactAsync(Memory<byte> destination, string what, CancellationToken cancellationToken)
    {
        while (!destination.IsEmpty)
        {
            var read = await ReadSomeAsync(destination, what, cancellationToken).ConfigureAwait(false);
            destination = destination[read..];
        }
    }

    /// <summary>Reads at least one and at most <paramref name="destination"/>.Length bytes.</summary>
    public async ValueTask<int> ReadSomeAsync(Memory<byte> destination, string what, CancellationToken cancellationToken)
    {
        if (_start == _end)
        {
            if (destination.Length >= BufferSize / 2)
            {
                var direct = await source.ReadAsync(destination, cancellationToken).ConfigureAwait(false);
                return direct > 0 ? direct : throw Ended(what);
            }

            await FillAsync(1, what, cancellationToken).ConfigureAwait(false);
        }

        var count = Math.Min(destination.Length, _end - _start);
        _buffer.AsMemory(_start, count).CopyTo(destination);
        _start += count;
        return count;
    }

    /// <summary>Reads the zero padding after <paramref name="length"/> bytes of a string.</summary>
    public async ValueTask ReadPaddingAsync(long length, string what, CancellationToken cancellationToken)
    {
        var padding = (int)((8 - (length % 8)) % 8);
        if (padding == 0)
        {
            return;
        }

        await FillAsync(padding, what, cancellationToken).ConfigureAwait(false);
        if (_buffer.AsSpan(_start, padding).IndexOfAnyExcept((byte)0) >= 0)
        {
            throw Malformed($"{what} has non-zero padding");
        }

        _start += padding;
    }

    /// <summary>A frame did not have the expected shape.</summary>
    public ServeProtocolException Malformed(string problem) =>
        new($"'nix-store --serve' on '{Machine}' sent a malformed frame: {problem}");

    private ServeProtocolException Ended(string what) =>
        new($"'nix-store --serve' on '{Machine}' closed the connection while {what} was expected");

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private async ValueTask FillAsync(int count, string what, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end < count)
        {
            var read = await source.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw Ended(what);
            }

            _end += read;
        }
    }
}

using System.Text;

namespace AsterFarm.Builder.Sandbox.Logging;

/// <summary>
/// Keeps the last <see cref="Capacity"/> bytes of a stream in a fixed ring buffer, whatever the stream's length (a build
/// log's end, which the protocol then trims to its own bound with <see cref="Shared.Protocol.Builds.LogTail"/>).
/// Not thread-safe: one writer, read after writing ends.
/// </summary>
public sealed class TailBuffer
{
    private readonly byte[] _ring;
    private long _total;

    public TailBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = new byte[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>How many bytes were appended in total.</summary>
    public long TotalBytes => _total;

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _ring.Length)
        {
            _total += bytes.Length - _ring.Length;
            bytes = bytes[^_ring.Length..];
        }

        var start = (int)(_total % _ring.Length);
        var first = Math.Min(bytes.Length, _ring.Length - start);
        bytes[..first].CopyTo(_ring.AsSpan(start));
        bytes[first..].CopyTo(_ring);
        _total += bytes.Length;
    }

    /// <summary>The kept bytes, oldest first.</summary>
    public byte[] ToArray()
    {
        if (_total <= _ring.Length)
        {
            return _ring[..(int)_total];
        }

        var start = (int)(_total % _ring.Length);
        return [.. _ring.AsSpan(start), .. _ring.AsSpan(0, start)];
    }

    /// <summary>
    /// The kept bytes as UTF-8 text; when older output was dropped, the partial first line is dropped too so the
    /// text starts at a line boundary.
    /// </summary>
    public override string ToString()
    {
        var bytes = ToArray().AsSpan();
        if (_total > _ring.Length)
        {
            var newline = bytes.IndexOf((byte)'\n');
            bytes = newline >= 0 ? bytes[(newline + 1)..] : bytes;
        }

        return Encoding.UTF8.GetString(bytes);
    }
}

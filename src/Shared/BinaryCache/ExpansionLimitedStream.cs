using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// A read-only view of a decompressing stream that counts the NAR bytes it yields and throws
/// <see cref="NarTooLargeException"/> as soon as they exceed the <see cref="NarExpansionLimit"/> for the compressed
/// bytes the decompressor has consumed so far (<paramref name="compressed"/>).
/// </summary>
internal sealed class ExpansionLimitedStream(Stream decompressed, HashingReadStream compressed, NarExpansionLimit limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = decompressed.Read(buffer);
        _read += read;
        var problem = limit.Check(_read, compressed.BytesRead);
        return problem is null ? read : throw new NarTooLargeException(problem);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressed.Dispose();
        }

        base.Dispose(disposing);
    }
}

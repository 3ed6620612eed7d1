namespace AsterFarm.Shared.IO;

/// <summary>
/// The frame of a read-only, non-seekable view that counts the bytes read through it: a subclass reads (and checks
/// or hashes) in <see cref="Stream.Read(Span{byte})"/> and reports its count as <see cref="BytesThrough"/>, which is
/// also its <see cref="Position"/> (decoders such as SharpCompress's xz ask for one).
/// </summary>
public abstract class ForwardOnlyReadStream : Stream
{
    /// <summary>Bytes read through this stream so far.</summary>
    protected abstract long BytesThrough { get; }

    public sealed override bool CanRead => true;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => BytesThrough;
        set => throw new NotSupportedException();
    }

    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

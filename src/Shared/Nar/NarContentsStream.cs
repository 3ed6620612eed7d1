namespace AsterFarm.Shared.Nar;

/// <summary>The contents of the regular file a <see cref="NarReader"/> is on, as a bounded read-only stream.</summary>
internal sealed class NarContentsStream(NarReader reader) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => reader.FileSize;

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer) => reader.ReadContents(buffer);

    public override int Read(byte[] buffer, int offset, int count) => reader.ReadContents(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

namespace AsterFarm.Shared.References;

/// <summary>
/// A write-only pass-through stream that feeds everything written to a <see cref="ReferenceScanner"/>, so a NAR can be
/// written, hashed and scanned in one pass: <c>NarWriter.Write(output, new ReferenceScanningStream(scanner, file))</c>.
/// </summary>
public sealed class ReferenceScanningStream(ReferenceScanner scanner, Stream? inner = null) : Stream
{
    private long _length;

    public ReferenceScanner Scanner { get; } = scanner ?? throw new ArgumentNullException(nameof(scanner));

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Scanner.Append(buffer);
        _length += buffer.Length;
        inner?.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Scanner.Append(buffer.Span);
        _length += buffer.Length;
        if (inner is not null)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Flush() => inner?.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

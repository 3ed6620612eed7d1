namespace AsterFarm.Shared.IO;

/// <summary>
/// A write-only stream that shows every chunk written to <see cref="Observe"/> (to hash, scan or count it) and passes
/// it on to an optional inner stream, so several one-pass computations can be chained in front of a file or body.
/// </summary>
public abstract class ObservingWriteStream : Stream
{
    private readonly Stream? _inner;
    private readonly bool _leaveInnerOpen;
    private long _length;

    /// <param name="inner">Where the bytes go after being observed; <c>null</c> to only observe them.</param>
    /// <param name="leaveInnerOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
    protected ObservingWriteStream(Stream? inner, bool leaveInnerOpen)
    {
        _inner = inner;
        _leaveInnerOpen = leaveInnerOpen;
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Sees each chunk, in order, before it is passed on.</summary>
    protected abstract void Observe(ReadOnlySpan<byte> chunk);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Observe(buffer);
        _length += buffer.Length;
        _inner?.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Observe(buffer.Span);
        _length += buffer.Length;
        if (_inner is not null)
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush() => _inner?.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        _inner?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveInnerOpen)
        {
            _inner?.Dispose();
        }

        base.Dispose(disposing);
    }
}

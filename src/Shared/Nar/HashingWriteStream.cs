using System.Security.Cryptography;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// A write-only stream that SHA-256-hashes and counts everything written to it and passes it on to an optional
/// inner stream: put it in front of a file or an HTTP body to get the NarHash and NarSize in the same pass.
/// </summary>
public sealed class HashingWriteStream : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Stream? _inner;
    private readonly bool _leaveInnerOpen;
    private long _length;

    /// <param name="inner">Where the bytes go after hashing; <c>null</c> to only hash.</param>
    /// <param name="leaveInnerOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
    public HashingWriteStream(Stream? inner = null, bool leaveInnerOpen = true)
    {
        _inner = inner;
        _leaveInnerOpen = leaveInnerOpen;
    }

    /// <summary>Bytes written so far.</summary>
    public long BytesWritten => _length;

    /// <summary>The SHA-256 and length of everything written so far; writing may continue afterwards.</summary>
    public NarHashAndSize GetHashAndSize() =>
        new(NixHash.FromDigest(HashAlgo.Sha256, _hash.GetCurrentHash()), _length);

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
        _hash.AppendData(buffer);
        _length += buffer.Length;
        _inner?.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _hash.AppendData(buffer.Span);
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
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveInnerOpen)
            {
                _inner?.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

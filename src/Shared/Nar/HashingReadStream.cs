using System.Security.Cryptography;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.IO;

namespace AsterFarm.Shared.Nar;

/// <summary>
/// A read-only stream that SHA-256-hashes and counts everything read through it from an inner stream: wrap a
/// download or an upload body to verify its NarHash/FileHash while something else consumes it.
/// </summary>
public sealed class HashingReadStream : ForwardOnlyReadStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Stream _inner;
    private readonly bool _leaveInnerOpen;
    private long _length;

    public HashingReadStream(Stream inner, bool leaveInnerOpen = true)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _leaveInnerOpen = leaveInnerOpen;
    }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => _length;

    /// <summary>The SHA-256 and length of everything read so far.</summary>
    public NarHashAndSize GetHashAndSize() =>
        new(NixHash.FromDigest(HashAlgo.Sha256, _hash.GetCurrentHash()), _length);

    protected override long BytesThrough => _length;

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        _hash.AppendData(buffer[..read]);
        _length += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(buffer.Span[..read]);
        _length += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!_leaveInnerOpen)
            {
                _inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}

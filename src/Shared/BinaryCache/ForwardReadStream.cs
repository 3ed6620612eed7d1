using AsterFarm.Shared.IO;
namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// A forward-only read view of a stream that knows its own <see cref="Stream.Position"/> (the bytes read through it) and
/// leaves the inner stream open: SharpCompress's xz decoder asks for the position of its input, which an HTTP
/// response body cannot tell (NotSupportedException on every builder fetch of an xz NAR).
/// </summary>
internal sealed class ForwardReadStream(Stream inner) : ForwardOnlyReadStream
{
    private long _position;

    protected override long BytesThrough => _position;

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}

using AsterFarm.Shared.IO;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// A read-only view of a decompressing stream that counts the NAR bytes it yields and throws
/// <see cref="NarTooLargeException"/> as soon as they exceed the <see cref="NarExpansionLimit"/> for the compressed
/// bytes the decompressor has consumed so far (<paramref name="compressed"/>).
/// </summary>
internal sealed class ExpansionLimitedStream(Stream decompressed, HashingReadStream compressed, NarExpansionLimit limit) : ForwardOnlyReadStream
{
    private long _read;

    protected override long BytesThrough => _read;

    public override int Read(Span<byte> buffer)
    {
        var read = decompressed.Read(buffer);
        _read += read;
        var problem = limit.Check(_read, compressed.BytesRead);
        return problem is null ? read : throw new NarTooLargeException(problem);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressed.Dispose();
        }

        base.Dispose(disposing);
    }
}

using System.Buffers.Binary;
using System.Text;

namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// Writes the serve protocol's frames to the peer's input (the counterpart of <see cref="ServeReader"/>), buffered
/// until <see cref="FlushAsync"/>. Disposing closes the peer's input.
/// </summary>
public sealed class ServeWriter(Stream destination) : IDisposable
{
    private static readonly byte[] Zeros = new byte[8];
    private readonly BufferedStream _out = new(destination, 64 << 10);

    public ValueTask WriteAsync(ulong value, CancellationToken cancellationToken)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _out.Write(bytes);
        return ValueTask.CompletedTask;
    }

    public ValueTask WriteAsync(bool value, CancellationToken cancellationToken) => WriteAsync(value ? 1UL : 0UL, cancellationToken);

    public async ValueTask WriteAsync(string value, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        await WriteAsync((ulong)bytes.Length, cancellationToken).ConfigureAwait(false);
        await _out.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _out.WriteAsync(Zeros.AsMemory(0, (8 - (bytes.Length % 8)) % 8), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A list or set of strings: the count, then each (in the caller's order; sets are sent sorted).</summary>
    public async ValueTask WriteAsync(IReadOnlyCollection<string> values, CancellationToken cancellationToken)
    {
        await WriteAsync((ulong)values.Count, cancellationToken).ConfigureAwait(false);
        foreach (var value in values)
        {
            await WriteAsync(value, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Raw bytes (a NAR's), not framed.</summary>
    public ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => _out.WriteAsync(bytes, cancellationToken);

    /// <summary>The stream raw bytes go to (through this writer's buffer).</summary>
    public Stream Raw => _out;

    public Task FlushAsync(CancellationToken cancellationToken) => _out.FlushAsync(cancellationToken);

    public void Dispose()
    {
        try
        {
            _out.Dispose();
        }
        catch (IOException)
        {
            // The peer is gone: what was buffered has nowhere to go.
        }
    }
}

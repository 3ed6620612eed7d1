using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// Copies exactly one NAR from the connection to a sink. The serve protocol sends a NAR unframed (as Nix's
/// <c>copyNAR</c> parses it), so its end is found by walking its structure; file contents are streamed in chunks,
/// never held whole. The structure is checked only as far as finding the end needs: the sink's reader validates it.
/// </summary>
public static class NarFrameCopier
{
    private const int MaxDepth = 512;
    private const int MaxToken = 4096;
    private const int ChunkSize = 256 << 10;
    private static readonly byte[] Zeros = new byte[8];

    /// <summary>Copies one NAR; returns its size in bytes.</summary>
    public static async Task<long> CopyAsync(ServeReader reader, Stream sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sink);
        var copy = new Copy(reader, sink);
        await copy.ExpectAsync("nix-archive-1", cancellationToken).ConfigureAwait(false);
        await copy.NodeAsync(0, cancellationToken).ConfigureAwait(false);
        return copy.Bytes;
    }

    private sealed class Copy(ServeReader reader, Stream sink)
    {
        public long Bytes { get; private set; }

        public async Task NodeAsync(int depth, CancellationToken cancellationToken)
        {
            if (depth > MaxDepth)
            {
                throw reader.Malformed($"the NAR nests deeper than {MaxDepth} directories");
            }

            await ExpectAsync("(", cancellationToken).ConfigureAwait(false);
            await ExpectAsync("type", cancellationToken).ConfigureAwait(false);
            switch (await TokenAsync(cancellationToken).ConfigureAwait(false))
            {
                case "regular":
                    var next = await TokenAsync(cancellationToken).ConfigureAwait(false);
                    if (next == "executable")
                    {
                        await ExpectAsync(string.Empty, cancellationToken).ConfigureAwait(false);
                        next = await TokenAsync(cancellationToken).ConfigureAwait(false);
                    }

                    if (next == "contents")
                    {
                        await ContentsAsync(cancellationToken).ConfigureAwait(false);
                        next = await TokenAsync(cancellationToken).ConfigureAwait(false);
                    }

                    Require(next, ")");
                    return;
                case "symlink":
                    await ExpectAsync("target", cancellationToken).ConfigureAwait(false);
                    await TokenAsync(cancellationToken).ConfigureAwait(false);
                    await ExpectAsync(")", cancellationToken).ConfigureAwait(false);
                    return;
                case "directory":
                    while (true)
                    {
                        var token = await TokenAsync(cancellationToken).ConfigureAwait(false);
                        if (token == ")")
                        {
                            return;
                        }

                        Require(token, "entry");
                        await ExpectAsync("(", cancellationToken).ConfigureAwait(false);
                        await ExpectAsync("name", cancellationToken).ConfigureAwait(false);
                        await TokenAsync(cancellationToken).ConfigureAwait(false);
                        await ExpectAsync("node", cancellationToken).ConfigureAwait(false);
                        await NodeAsync(depth + 1, cancellationToken).ConfigureAwait(false);
                        await ExpectAsync(")", cancellationToken).ConfigureAwait(false);
                    }

                case var other:
                    throw reader.Malformed($"the NAR has a node of unknown type '{other}'");
            }
        }

        public async Task ExpectAsync(string expected, CancellationToken cancellationToken) =>
            Require(await TokenAsync(cancellationToken).ConfigureAwait(false), expected);

        private void Require(string actual, string expected)
        {
            if (actual != expected)
            {
                throw reader.Malformed($"the NAR has '{Printable(actual)}' where '{expected}' belongs");
            }
        }

        private static string Printable(string token) => token.Length > 40 ? token[..40] + "…" : token;

        // A NAR token (or a name or symlink target), copied to the sink with its framing.
        private async Task<string> TokenAsync(CancellationToken cancellationToken)
        {
            var bytes = await reader.ReadBytesAsync(MaxToken, "a NAR token", cancellationToken).ConfigureAwait(false);
            await WriteFramedAsync(bytes, cancellationToken).ConfigureAwait(false);
            return Encoding.Latin1.GetString(bytes);
        }

        private async Task WriteFramedAsync(byte[] bytes, CancellationToken cancellationToken)
        {
            await WriteLengthAsync((ulong)bytes.Length, cancellationToken).ConfigureAwait(false);
            await sink.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            var padding = (8 - (bytes.Length % 8)) % 8;
            await sink.WriteAsync(Zeros.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
            Bytes += 8 + bytes.Length + padding;
        }

        private async Task WriteLengthAsync(ulong length, CancellationToken cancellationToken)
        {
            var field = new byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(field, length);
            await sink.WriteAsync(field, cancellationToken).ConfigureAwait(false);
        }

        private async Task ContentsAsync(CancellationToken cancellationToken)
        {
            var length = await reader.ReadUInt64Async("a NAR file's length", cancellationToken).ConfigureAwait(false);
            if (length > long.MaxValue)
            {
                throw reader.Malformed($"a NAR file's length {length} is out of range");
            }

            await WriteLengthAsync(length, cancellationToken).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                var remaining = (long)length;
                while (remaining > 0)
                {
                    var read = await reader.ReadSomeAsync(buffer.AsMemory(0, (int)Math.Min(remaining, buffer.Length)), "a NAR file's contents", cancellationToken).ConfigureAwait(false);
                    await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    remaining -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await reader.ReadPaddingAsync((long)length, "a NAR file's contents", cancellationToken).ConfigureAwait(false);
            var padding = (int)((8 - ((long)length % 8)) % 8);
            await sink.WriteAsync(Zeros.AsMemory(0, padding), cancellationToken).ConfigureAwait(false);
            Bytes += 8 + (long)length + padding;
        }
    }
}

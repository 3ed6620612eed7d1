using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Dag;

/// <summary>
/// Reads a <c>.drv</c> file from the cache: <c>asterfarm submit</c> uploads each as a text store path, so its NAR is
/// one regular file whose contents are the ATerm text.
/// </summary>
internal static class CacheDerivationReader
{
    /// <summary>The largest <c>.drv</c> accepted; real ones are kilobytes, a few reach a megabyte.</summary>
    public const long MaxDrvBytes = 64L << 20;

    /// <summary>The file's bytes, or null when the cache has no such path.</summary>
    /// <exception cref="InvalidDataException">The stored NAR is not a single regular file.</exception>
    public static async Task<byte[]?> ReadAsync(IBinaryCacheStore store, StorePath path, CancellationToken cancellationToken)
    {
        var narInfo = await store.GetNarInfoAsync(path.HashPart, cancellationToken).ConfigureAwait(false);
        if (narInfo is null || !NarFileName.TryParseUrl(narInfo.Url, out var file, out _))
        {
            return null;
        }

        var compressed = await store.OpenNarAsync(file, cancellationToken).ConfigureAwait(false);
        if (compressed is null)
        {
            return null;
        }

        await using (compressed.ConfigureAwait(false))
        {
            var nar = file.Compression.OpenDecompression(compressed);
            await using (nar.ConfigureAwait(false))
            {
                using var reader = new NarReader(nar);
                if (!reader.Read() || reader.Kind != NarEventKind.RegularFile || reader.FileSize > MaxDrvBytes)
                {
                    throw new InvalidDataException($"{path} in the cache is not a single regular file of at most {MaxDrvBytes} bytes");
                }

                var bytes = new byte[reader.FileSize];
                var read = 0;
                while (read < bytes.Length)
                {
                    var n = reader.ReadContents(bytes.AsSpan(read));
                    if (n == 0)
                    {
                        throw new InvalidDataException($"{path} in the cache is truncated");
                    }

                    read += n;
                }

                return bytes;
            }
        }
    }
}

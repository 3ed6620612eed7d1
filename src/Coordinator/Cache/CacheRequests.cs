using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Cache;

/// <summary>Bounded reads of small request bodies (narinfo, nix-cache-info, missing-paths queries).</summary>
internal static class CacheRequests
{
    /// <summary>The body as bytes, or null when it is longer than <paramref name="maxBytes"/> (checked before and while reading).</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length ? (int)Math.Max(length, 1) : 4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > maxBytes)
            {
                return null;
            }
        }
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// Bounded reads of small request bodies (narinfo, nix-cache-info, missing-paths queries). Memory follows the bytes
/// that arrive, never the Content-Length a client declares.
/// </summary>
internal static class CacheRequests
{
    private const int InitialBufferBytes = 4096;

    /// <summary>The body as bytes, or null when it is longer than <paramref name="maxBytes"/> (checked before and while reading).</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(InitialBufferBytes);
        try
        {
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
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The route's Kestrel limit (the same size) noticed first.
            return null;
        }
    }

    /// <summary>
    /// Calls <paramref name="onLine"/> with each non-empty line of the body (UTF-8, trimmed) as it streams; the first
    /// result it returns ends the reading and is returned. Null when every line was taken. A line longer than
    /// <paramref name="maxLineBytes"/> is a 400, a body beyond the route's limit a 413.
    /// </summary>
    public static async Task<IResult?> ForEachLineAsync(HttpRequest request, int maxLineBytes, Func<string, IResult?> onLine, CancellationToken cancellationToken)
    {
        var body = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await body.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = read.Buffer;
                var refused = TakeLines(ref buffer, read.IsCompleted, maxLineBytes, onLine);
                body.AdvanceTo(buffer.Start, buffer.End);
                if (refused is not null || read.IsCompleted)
                {
                    return refused;
                }
            }
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return CacheResponses.TooLarge(error.Message);
        }
    }

    // Takes the complete lines from the buffer (and the last one when the body is complete), leaving the rest in it.
    private static IResult? TakeLines(ref ReadOnlySequence<byte> buffer, bool complete, int maxLineBytes, Func<string, IResult?> onLine)
    {
        while (true)
        {
            var end = buffer.PositionOf((byte)'\n');
            if (end is null && !(complete && !buffer.IsEmpty))
            {
                return buffer.Length > maxLineBytes ? LineTooLong(maxLineBytes) : null;
            }

            var line = end is { } position ? buffer.Slice(0, position) : buffer;
            buffer = end is { } next ? buffer.Slice(buffer.GetPosition(1, next)) : buffer.Slice(buffer.End);
            if (line.Length > maxLineBytes)
            {
                return LineTooLong(maxLineBytes);
            }

            var text = Encoding.UTF8.GetString(line).Trim();
            if (text.Length > 0 && onLine(text) is { } refused)
            {
                return refused;
            }
        }
    }

    private static IResult LineTooLong(int maxLineBytes) =>
        CacheResponses.BadRequest(string.Create(CultureInfo.InvariantCulture, $"a line longer than {maxLineBytes} bytes is not a store path"));
}

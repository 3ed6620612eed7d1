using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>Reads a narinfo a store opened, for every <see cref="IBinaryCacheStore.GetNarInfoAsync"/> built on its <c>OpenNarInfoAsync</c>.</summary>
public static class NarInfoStreams
{
    /// <summary>The parsed narinfo, or null when <paramref name="opened"/> is null (not in the cache).</summary>
    public static async Task<NarInfo?> ReadAsync(Task<Stream?> opened, StoreDir storeDir, string hashPart)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var stream = await opened.ConfigureAwait(false);
        if (stream is null)
        {
            return null;
        }

        await using (stream.ConfigureAwait(false))
        {
            return NarInfoParser.TryRead(stream, storeDir, out var narInfo, out var error)
                ? narInfo
                : throw new InvalidDataException($"stored narinfo {hashPart}.narinfo is unreadable: {error}");
        }
    }
}

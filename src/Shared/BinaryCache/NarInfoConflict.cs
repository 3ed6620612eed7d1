using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// Whether an uploaded narinfo says something else about a path than the one the cache holds: the path's content is
/// its NAR (hash and size), its references and its content address. URL, compression, deriver and signatures may
/// differ between two uploads of the same content (a re-upload is accepted and the stored narinfo kept).
/// </summary>
public static class NarInfoConflict
{
    /// <summary>Null when <paramref name="incoming"/> has the content of <paramref name="stored"/>; else what differs, for a person.</summary>
    public static string? Describe(NarInfo stored, NarInfo incoming, StoreDir storeDir)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(incoming);
        ArgumentNullException.ThrowIfNull(storeDir);
        var differences = new List<string>();
        if (stored.NarHash != incoming.NarHash || stored.NarSize != incoming.NarSize)
        {
            differences.Add($"NarHash {incoming.NarHash} ({incoming.NarSize} bytes), stored {stored.NarHash} ({stored.NarSize} bytes)");
        }

        if (!stored.References.SetEquals(incoming.References))
        {
            differences.Add($"References [{Names(incoming.References)}], stored [{Names(stored.References)}]");
        }

        if (!Nullable.Equals(stored.ContentAddress, incoming.ContentAddress))
        {
            differences.Add($"CA '{incoming.ContentAddress}', stored '{stored.ContentAddress}'");
        }

        return differences.Count == 0
            ? null
            : $"{storeDir.Print(stored.StorePath)} is already in the cache with other content ({string.Join("; ", differences)}); "
                + "a stored path is never replaced by an upload";
    }

    private static string Names(IEnumerable<StorePath> paths) => string.Join(' ', paths.Select(path => path.BaseName));
}

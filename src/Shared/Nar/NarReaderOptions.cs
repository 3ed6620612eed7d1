namespace AsterFarm.Shared.Nar;

/// <summary>Limits that keep a hostile NAR from costing memory or stack; the defaults suit every real store path.</summary>
public sealed record NarReaderOptions
{
    public static NarReaderOptions Default { get; } = new();

    /// <summary>Longest entry name in bytes (Linux allows 255; default 4096). Longer is refused before allocating.</summary>
    public int MaxNameLength { get; init; } = 4096;

    /// <summary>Longest symlink target in bytes (Linux's PATH_MAX is 4096, the default).</summary>
    public int MaxSymlinkTargetLength { get; init; } = 4096;

    /// <summary>Deepest directory nesting below the root (default 1024).</summary>
    public int MaxDepth { get; init; } = 1024;

    /// <summary>
    /// Longest path of an entry inside the NAR in bytes, counted as <c>/a/b</c> (default 64 KiB, sixteen times Linux's
    /// PATH_MAX, which bounds what Nix itself can dump or restore). With <see cref="MaxDepth"/> it bounds the reader's
    /// memory whatever the input: the names of the open directories, a small constant per level.
    /// </summary>
    public int MaxPathLength { get; init; } = 64 << 10;
}

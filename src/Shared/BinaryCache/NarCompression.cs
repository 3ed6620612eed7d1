namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// The NAR compressions this cache stores and serves (nix-formats.md §10.1). Nix knows more (bzip2, br, lz4, …);
/// uploads in those are refused rather than stored unverified.
/// </summary>
public enum NarCompression
{
    /// <summary>Uncompressed: <c>nar/&lt;hash&gt;.nar</c>, <c>Compression: none</c>.</summary>
    None,

    /// <summary><c>nar/&lt;hash&gt;.nar.zst</c>, <c>Compression: zstd</c>; what AsterFarm writes by default.</summary>
    Zstd,

    /// <summary><c>nar/&lt;hash&gt;.nar.xz</c>, <c>Compression: xz</c>; what <c>nix copy</c> sends by default.</summary>
    Xz,
}

namespace AsterFarm.Shared.BinaryCache;

/// <summary>How a NAR download ended.</summary>
public enum NarDownloadStatus
{
    /// <summary>Downloaded, and its NarHash and NarSize equal the narinfo's.</summary>
    Verified,

    /// <summary>The cache does not have the NAR (404, or 401/403 as Nix treats them).</summary>
    NotFound,

    /// <summary>The bytes do not decompress to the NAR the narinfo describes (hash or size differ, or not a NAR).</summary>
    Mismatch,
}

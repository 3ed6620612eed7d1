using AsterFarm.Shared.NarInfoFormat;
using AsterFarm.Shared.Signing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// A Nix binary cache: narinfos by store-path hash part, NARs by file hash, build logs by derivation. The single-node
/// <see cref="FileBinaryCacheStore"/> implements it on a directory; the replication layer wraps it with the same
/// contract. Writes verify what they are given and answer a <see cref="CacheWriteResult{T}"/>; nothing half-written is
/// ever visible to readers. Reads answer null for what the cache does not hold.
/// </summary>
public interface IBinaryCacheStore
{
    /// <summary>What <c>GET /nix-cache-info</c> serves.</summary>
    NixCacheInfo CacheInfo { get; }

    /// <summary>The key every stored narinfo is signed with (for clients' <c>trusted-public-keys</c>).</summary>
    NixPublicKey PublicKey { get; }

    /// <summary>The parsed narinfo of a store-path hash part, or null if absent. Counts as an access for eviction.</summary>
    Task<NarInfo?> GetNarInfoAsync(string hashPart, CancellationToken cancellationToken = default);

    /// <summary>The narinfo file as stored (signed text), or null if absent. Counts as an access for eviction.</summary>
    Task<Stream?> OpenNarInfoAsync(string hashPart, CancellationToken cancellationToken = default);

    /// <summary>Whether a narinfo exists for the hash part (no access recorded).</summary>
    Task<bool> HasNarInfoAsync(string hashPart, CancellationToken cancellationToken = default);

    /// <summary>
    /// Verifies and stores a narinfo for <paramref name="hashPart"/> (which must be its store path's): its NAR must be
    /// stored and its NarHash/NarSize/FileHash/FileSize must equal what was measured for that NAR. Stored signed with
    /// <see cref="PublicKey"/>'s secret, the uploader's signatures kept. The result holds the signed narinfo.
    /// </summary>
    Task<CacheWriteResult<NarInfo>> PutNarInfoAsync(string hashPart, NarInfo narInfo, CancellationToken cancellationToken = default);

    /// <summary>The NAR file (compressed as named), seekable, or null if absent.</summary>
    Task<Stream?> OpenNarAsync(NarFileName file, CancellationToken cancellationToken = default);

    /// <summary>What was measured for a stored NAR file, or null if it is absent.</summary>
    Task<StoredNar?> GetStoredNarAsync(NarFileName file, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a NAR file read from <paramref name="content"/> (compressed as <paramref name="file"/> says) while
    /// measuring it: its bytes must hash to the name's FileHash and decompress to one valid NAR. Storing the same file
    /// twice, even concurrently, is harmless. The result holds what was measured.
    /// </summary>
    Task<CacheWriteResult<StoredNar>> PutNarAsync(NarFileName file, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Which of <paramref name="paths"/> have no narinfo here, in the order given.</summary>
    Task<IReadOnlyList<StorePath>> QueryMissingAsync(IEnumerable<StorePath> paths, CancellationToken cancellationToken = default);

    /// <summary>The build log of a derivation (<c>log/&lt;drv base name&gt;</c>), or null.</summary>
    Task<Stream?> OpenLogAsync(StorePath derivation, CancellationToken cancellationToken = default);

    /// <summary>Stores the build log of a derivation, replacing an earlier one.</summary>
    Task<CacheWriteResult<StorePathLog>> PutLogAsync(StorePath derivation, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The NAR listing (<c>&lt;hashpart&gt;.ls</c>, JSON) of a path, or null.</summary>
    Task<Stream?> OpenListingAsync(string hashPart, CancellationToken cancellationToken = default);

    /// <summary>Stores a NAR listing (must be JSON) as <c>nix copy</c> sends with <c>write-nar-listing</c>.</summary>
    Task<CacheWriteResult<string>> PutListingAsync(string hashPart, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Every hash part that has a narinfo, in no particular order (for anti-entropy digests).</summary>
    IAsyncEnumerable<string> EnumerateHashPartsAsync(CancellationToken cancellationToken = default);
}

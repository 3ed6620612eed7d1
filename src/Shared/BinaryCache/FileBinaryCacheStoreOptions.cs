namespace AsterFarm.Shared.BinaryCache;

/// <summary>Settings of a <see cref="FileBinaryCacheStore"/>.</summary>
public sealed class FileBinaryCacheStoreOptions
{
    /// <summary>The cache directory (Nix's file-cache layout); created if missing.</summary>
    public required string Directory { get; init; }

    /// <summary>The Nix secret key file to sign with; null means <c>DIR/.asterfarm/signing-key</c>. Generated if absent.</summary>
    public string? SigningKeyPath { get; init; }

    /// <summary>The name of a generated key (the part before the colon in <c>trusted-public-keys</c>).</summary>
    public string SigningKeyName { get; init; } = CacheSigningKey.DefaultName;

    /// <summary>What <c>nix-cache-info</c> advertises (store dir, mass query, priority).</summary>
    public NixCacheInfo CacheInfo { get; init; } = NixCacheInfo.Default;

    /// <summary>Largest NAR file accepted, in bytes (compressed as uploaded). Default 64 GiB.</summary>
    public long MaxNarFileBytes { get; init; } = 64L << 30;

    /// <summary>Largest NAR accepted once decompressed (the narinfo's <c>NarSize</c>), in bytes. Default 64 GiB.</summary>
    public long MaxNarSize { get; init; } = 64L << 30;

    /// <summary>
    /// Most NAR bytes per compressed byte an upload may expand to beyond its first
    /// <see cref="NarExpansionLimit.RatioFreeBytes"/> (64 MiB), checked while it streams. Default 1000 (real NARs
    /// compress 3–20 times; a decompression bomb thousands of times).
    /// </summary>
    public int MaxCompressionRatio { get; init; } = 1000;

    /// <summary>Largest build log accepted, in bytes. Default 256 MiB.</summary>
    public long MaxLogBytes { get; init; } = 256L << 20;

    /// <summary>Largest NAR listing (<c>.ls</c>) accepted, in bytes. Default 64 MiB.</summary>
    public long MaxListingBytes { get; init; } = 64L << 20;

    /// <summary>
    /// How many bytes of recently served narinfos are kept in memory (least recently used evicted; 0 turns it off).
    /// Default 32 MiB, some 50,000 narinfos.
    /// </summary>
    public long NarInfoMemoryCacheBytes { get; init; } = 32L << 20;

    /// <summary>The clock for access times and garbage collection (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

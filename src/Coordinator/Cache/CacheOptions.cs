using AsterFarm.Shared.BinaryCache;

namespace AsterFarm.Coordinator.Cache;

/// <summary>
/// Settings of the binary cache node, bound from the configuration section <see cref="SectionName"/>
/// (<c>appsettings.json</c>, then environment variables such as <c>AsterFarm__Cache__Directory=/srv/cache</c>, then
/// command-line flags of <c>asterfarm cache serve</c>).
/// </summary>
public sealed class CacheOptions
{
    public const string SectionName = "AsterFarm:Cache";

    /// <summary>The cache directory (Nix's file-cache layout). Default <c>/var/lib/asterfarm/cache</c>.</summary>
    public string Directory { get; set; } = "/var/lib/asterfarm/cache";

    /// <summary>Where HTTP is served: <c>http://HOST:PORT</c> or <c>HOST:PORT</c> (port 0: any free port). Default <c>127.0.0.1:5480</c>.</summary>
    public string Listen { get; set; } = "127.0.0.1:5480";

    /// <summary>
    /// A file holding the write token (surrounding whitespace ignored). Default none: the token comes from the
    /// <c>ASTERFARM_TOKEN</c> environment variable; with neither, all writes are refused.
    /// </summary>
    public string? TokenFile { get; set; }

    /// <summary>Whether reads (narinfo, NAR, log, missing query) need the token too. Default false: a public cache.</summary>
    public bool ReadsNeedToken { get; set; }

    /// <summary>How this node compresses NARs it uploads itself (builders, replication): <c>Zstd</c> or <c>None</c>. Default zstd. Uploads are stored as sent (none, zstd or xz).</summary>
    public NarCompression Compression { get; set; } = NarCompression.Zstd;

    /// <summary>The Nix secret key narinfos are signed with; generated there if absent. Default <c>DIR/.asterfarm/signing-key</c>.</summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The name of a generated key. Default <c>&lt;hostname&gt;-asterfarm-1</c>.</summary>
    public string? SigningKeyName { get; set; }

    /// <summary>The <c>Priority</c> advertised in <c>nix-cache-info</c> (lower is preferred). Default 41, just after cache.nixos.org's 40.</summary>
    public int Priority { get; set; } = NixCacheInfo.DefaultPriority;

    /// <summary>The Nix store directory of the paths cached. Default <c>/nix/store</c>.</summary>
    public string StoreDir { get; set; } = Shared.Store.StoreDir.DefaultPath;

    /// <summary>Size cap in bytes: garbage collection evicts least-recently-used paths beyond it. Default none (no eviction).</summary>
    public long? MaxBytes { get; set; }

    /// <summary>How often garbage collection runs when <see cref="MaxBytes"/> is set. Default one hour.</summary>
    public TimeSpan GarbageCollectionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest NAR file accepted, in bytes. Default 64 GiB.</summary>
    public long MaxNarFileBytes { get; set; } = 64L << 30;

    /// <summary>Largest NAR accepted once decompressed (<c>NarSize</c>), in bytes; refused while streaming. Default 64 GiB.</summary>
    public long MaxNarSize { get; set; } = 64L << 30;

    /// <summary>Most NAR bytes per compressed byte an upload may expand to beyond its first 64 MiB; refused while streaming. Default 1000.</summary>
    public int MaxCompressionRatio { get; set; } = 1000;

    /// <summary>Largest build log accepted, in bytes. Default 256 MiB.</summary>
    public long MaxLogBytes { get; set; } = 256L << 20;

    /// <summary>Most store paths one missing-paths query may ask about. Default 100 000.</summary>
    public int MaxMissingQueryPaths { get; set; } = 100_000;

    /// <summary>
    /// The other cache nodes' base URLs, comma-separated (e.g. <c>http://cache-1:5480,http://cache-2:5480</c>; this
    /// node's own URL may be listed too). Default none: without peers (and outside an Akka cluster) the node is a
    /// single, unreplicated cache.
    /// </summary>
    public string? Peers { get; set; }

    /// <summary>This node's base URL as its peers reach it (its identity on the hash ring). Default <see cref="ListenUrl"/>.</summary>
    public string? AdvertiseUrl { get; set; }

    /// <summary>The URL Kestrel listens on, with <c>http://</c> added when <see cref="Listen"/> has no scheme.</summary>
    public string ListenUrl => Listen.Contains("://", StringComparison.Ordinal) ? Listen : "http://" + Listen;

    /// <summary>This node's base URL for its peers: <see cref="AdvertiseUrl"/>, else <see cref="ListenUrl"/>.</summary>
    public string SelfUrl => AdvertiseUrl ?? ListenUrl;

    /// <summary>The URLs in <see cref="Peers"/>.</summary>
    public IReadOnlyList<string> PeerUrls =>
        Peers?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>The storage engine's settings derived from these.</summary>
    public FileBinaryCacheStoreOptions ToStoreOptions() => new()
    {
        Directory = Directory,
        SigningKeyPath = SigningKeyFile,
        SigningKeyName = SigningKeyName ?? CacheSigningKey.DefaultName,
        CacheInfo = new NixCacheInfo(StoreDir, WantMassQuery: true, Priority),
        MaxNarFileBytes = MaxNarFileBytes,
        MaxNarSize = MaxNarSize,
        MaxCompressionRatio = MaxCompressionRatio,
        MaxLogBytes = MaxLogBytes,
    };
}

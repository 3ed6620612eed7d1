using System.Collections.Immutable;
using System.Globalization;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.NarInfoFormat;

/// <summary>
/// The contents of a binary cache's <c>&lt;hashpart&gt;.narinfo</c> (nix-formats.md §10.3): every field Nix 2.8
/// reads and writes. References are kept sorted (as Nix's <c>StorePathSet</c>) and signatures sorted by their
/// UTF-8 bytes and de-duplicated (as Nix's <c>std::set&lt;std::string&gt;</c>), so printing is canonical.
/// Parse with <see cref="NarInfoParser"/>, print with <see cref="NarInfoWriter"/>.
/// </summary>
public sealed record NarInfo
{
    /// <summary>What Nix assumes when a narinfo has no <c>Compression</c> line.</summary>
    public const string DefaultCompression = "bzip2";

    private readonly string _url = null!;
    private readonly string _compression = DefaultCompression;
    private readonly ulong _narSize;
    private readonly string? _system;
    private readonly ImmutableSortedSet<StorePath> _references = [];
    private readonly ImmutableSortedSet<string> _signatures = ImmutableSortedSet<string>.Empty.WithComparer(Utf8ByteOrder.Instance);

    /// <summary>The path this narinfo describes (printed with the store directory).</summary>
    public required StorePath StorePath { get; init; }

    /// <summary>Where the (compressed) NAR is: relative to the cache root (<c>nar/….nar.xz</c>) or an absolute URL.</summary>
    public required string Url { get => _url; init => _url = RequireLineValue(value, nameof(Url), allowEmpty: false); }

    /// <summary><c>xz</c>, <c>bzip2</c>, <c>zstd</c>, <c>br</c>, <c>lzip</c>, <c>lz4</c>, <c>gzip</c> or <c>none</c>.</summary>
    public string Compression { get => _compression; init => _compression = RequireLineValue(value, nameof(Compression), allowEmpty: false); }

    /// <summary>Hash of the file at <see cref="Url"/>; absent in nix-serve style narinfos.</summary>
    public NixHash? FileHash { get; init; }

    /// <summary>Size in bytes of the file at <see cref="Url"/>; absent in nix-serve style narinfos.</summary>
    public ulong? FileSize { get; init; }

    /// <summary>Hash of the uncompressed NAR (SHA-256 in everything Nix writes).</summary>
    public required NixHash NarHash { get; init; }

    /// <summary>Size of the uncompressed NAR; never 0 (Nix refuses such narinfos).</summary>
    public required ulong NarSize
    {
        get => _narSize;
        init => _narSize = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "NarSize must not be 0");
    }

    /// <summary>The store paths the NAR refers to, possibly including <see cref="StorePath"/> itself.</summary>
    public ImmutableSortedSet<StorePath> References
    {
        get => _references;
        init => _references = (value ?? throw new ArgumentNullException(nameof(value))).WithComparer(Comparer<StorePath>.Default);
    }

    /// <summary>The <c>.drv</c> that built the path, or null when unknown (<c>Deriver</c> line omitted).</summary>
    public StorePath? Deriver { get; init; }

    /// <summary>The <c>System</c> line, rarely written; null or empty means none.</summary>
    public string? System
    {
        get => _system;
        init => _system = string.IsNullOrEmpty(value) ? null : RequireLineValue(value, nameof(System), allowEmpty: false);
    }

    /// <summary>The <c>Sig</c> values, <c>keyname:base64</c>, exactly as written (Nix keeps ones it cannot decode).</summary>
    public ImmutableSortedSet<string> Signatures
    {
        get => _signatures;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            foreach (var signature in value)
            {
                RequireLineValue(signature, nameof(Signatures), allowEmpty: true);
            }

            _signatures = value.WithComparer(Utf8ByteOrder.Instance);
        }
    }

    /// <summary>The <c>CA</c> field of a content-addressed path, or null.</summary>
    public ContentAddress? ContentAddress { get; init; }

    /// <summary>Parses narinfo text; see <see cref="NarInfoParser.Parse(string, StoreDir?)"/>.</summary>
    public static NarInfo Parse(string text, StoreDir? storeDir = null) => NarInfoParser.Parse(text, storeDir);

    /// <summary>Parses narinfo text without throwing; see <see cref="NarInfoParser.TryParse(string, StoreDir?, out NarInfo, out NarInfoError)"/>.</summary>
    public static bool TryParse(string text, StoreDir? storeDir, out NarInfo narInfo, out NarInfoError error) =>
        NarInfoParser.TryParse(text, storeDir, out narInfo, out error);

    /// <summary>The narinfo text exactly as Nix 2.8 writes it.</summary>
    public string Print(StoreDir? storeDir = null) => NarInfoWriter.Print(this, storeDir);

    /// <summary>
    /// The string a <c>Sig</c> signs (nix-formats.md §10.4):
    /// <c>1;storePath;narHash;narSize;ref1,ref2,…</c> with full, sorted reference paths.
    /// </summary>
    public string Fingerprint(StoreDir? storeDir = null)
    {
        var store = storeDir ?? StoreDir.Default;
        var references = string.Join(',', References.Select(store.Print));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"1;{store.Print(StorePath)};{NarHash.Format(HashEncoding.Base32)};{NarSize};{references}");
    }

    /// <summary>
    /// Whether the <c>CA</c> field, with the references, reproduces <see cref="StorePath"/> — Nix then trusts the
    /// path without any signature (nix-formats.md §10.4). False when there is no <c>CA</c> field.
    /// </summary>
    public bool IsContentAddressed(StoreDir? storeDir = null) =>
        ContentAddress is { } address && address.Reproduces(storeDir ?? StoreDir.Default, StorePath, References);

    public bool Equals(NarInfo? other) =>
        other is not null
        && StorePath == other.StorePath
        && Url == other.Url
        && Compression == other.Compression
        && Nullable.Equals(FileHash, other.FileHash)
        && FileSize == other.FileSize
        && NarHash == other.NarHash
        && NarSize == other.NarSize
        && References.SequenceEqual(other.References)
        && Nullable.Equals(Deriver, other.Deriver)
        && System == other.System
        && Signatures.SequenceEqual(other.Signatures, StringComparer.Ordinal)
        && Nullable.Equals(ContentAddress, other.ContentAddress);

    public override int GetHashCode() => HashCode.Combine(StorePath, NarHash, NarSize, References.Count, Signatures.Count);

    private static string RequireLineValue(string value, string field, bool allowEmpty)
    {
        ArgumentNullException.ThrowIfNull(value, field);
        if (!allowEmpty && value.Length == 0)
        {
            throw new ArgumentException($"{field} must not be empty", field);
        }

        // A newline would end the narinfo line early and let the value inject other fields.
        return value.Contains('\n', StringComparison.Ordinal)
            ? throw new ArgumentException($"{field} must not contain a newline", field)
            : value;
    }
}

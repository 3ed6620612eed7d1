using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Store;

/// <summary>
/// A narinfo <c>CA</c> value: <c>text:sha256:&lt;base32&gt;</c> or <c>fixed:[r:]&lt;algo&gt;:&lt;base32&gt;</c>
/// (nix-formats.md §10.3). A path whose content address reproduces its store path needs no signature (§10.4).
/// </summary>
public readonly struct ContentAddress : IEquatable<ContentAddress>
{
    private ContentAddress(ContentAddressKind kind, FileIngestionMethod method, NixHash hash)
    {
        Kind = kind;
        Method = method;
        Hash = hash;
    }

    public ContentAddressKind Kind { get; }

    /// <summary>Flat or recursive (NAR) hashing; always <see cref="FileIngestionMethod.Flat"/> for text.</summary>
    public FileIngestionMethod Method { get; }

    public NixHash Hash { get; }

    /// <summary>A text content address; Nix only allows SHA-256 here.</summary>
    public static ContentAddress Text(NixHash sha256) =>
        sha256.Algorithm == HashAlgo.Sha256
            ? new ContentAddress(ContentAddressKind.Text, FileIngestionMethod.Flat, sha256)
            : throw new ArgumentException("a text content address uses sha256", nameof(sha256));

    public static ContentAddress Fixed(FileIngestionMethod method, NixHash hash) =>
        new(ContentAddressKind.Fixed, method, hash);

    /// <summary>Parses a <c>CA</c> value; the hash may be base16, base32 or base64 (decided by length, as Nix does).</summary>
    public static ContentAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    public static bool TryParse(string text, out ContentAddress address, out string error)
    {
        address = default;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            error = $"'{text}' is not a content address (expected 'text:sha256:<hash>' or 'fixed:[r:]<algo>:<hash>')";
            return false;
        }

        var prefix = text[..colon];
        var rest = text[(colon + 1)..];
        if (prefix is not ("text" or "fixed"))
        {
            error = $"content address prefix '{prefix}' is unrecognised (expected 'text' or 'fixed')";
            return false;
        }

        var method = FileIngestionMethod.Flat;
        if (prefix == "fixed" && rest.StartsWith("r:", StringComparison.Ordinal))
        {
            method = FileIngestionMethod.Recursive;
            rest = rest[2..];
        }

        var algoEnd = rest.IndexOf(':', StringComparison.Ordinal);
        if (algoEnd < 0 || !HashAlgoInfo.TryParse(rest.AsSpan(0, algoEnd), out var algo))
        {
            error = $"content address '{text}' must name its hash as '<md5|sha1|sha256|sha512>:<hash>'";
            return false;
        }

        if (prefix == "text" && algo != HashAlgo.Sha256)
        {
            error = $"text content address '{text}' must use sha256, not {algo.Name()}";
            return false;
        }

        // Nix parses the hash "non-SRI unprefixed": the algorithm is known, the encoding follows from the length.
        // Neither ':' nor '-' occurs in base16/32/64, so refusing them keeps a second prefix or SRI form out.
        var body = rest[(algoEnd + 1)..];
        if (body.AsSpan().IndexOfAny(':', '-') >= 0 || !NixHash.TryParse(body, algo, out var hash, out _))
        {
            error = $"content address '{text}' has a bad {algo.Name()} hash (wrong length or invalid characters)";
            return false;
        }

        address = prefix == "text" ? Text(hash) : Fixed(method, hash);
        error = string.Empty;
        return true;
    }

    /// <summary>Nix's rendering: <c>text:sha256:&lt;base32&gt;</c> or <c>fixed:[r:]algo:&lt;base32&gt;</c>.</summary>
    public override string ToString() => Kind switch
    {
        ContentAddressKind.Text => $"text:{Hash.Format(HashEncoding.Base32)}",
        _ => $"fixed:{(Method == FileIngestionMethod.Recursive ? "r:" : "")}{Hash.Format(HashEncoding.Base32)}",
    };

    /// <summary>
    /// The store path this content address implies for <paramref name="name"/> and <paramref name="references"/>
    /// (nix-formats.md §2.3, §2.4). Fails, rather than throwing, when the combination cannot name a path:
    /// a flat or non-SHA-256 fixed address with references.
    /// </summary>
    public bool TryMakeStorePath(
        StoreDir storeDir, string name, IEnumerable<StorePath> references, bool hasSelfReference, out StorePath path, out string error)
    {
        ArgumentNullException.ThrowIfNull(storeDir);
        path = default;
        if (!StorePathName.TryValidate(name, out error))
        {
            return false;
        }

        var refs = references.ToArray();
        if (Kind == ContentAddressKind.Text)
        {
            if (hasSelfReference)
            {
                error = "a text content-addressed path cannot refer to itself";
                return false;
            }

            path = storeDir.MakeTextPath(name, Hash, refs);
            return true;
        }

        if ((refs.Length > 0 || hasSelfReference) && !(Method == FileIngestionMethod.Recursive && Hash.Algorithm == HashAlgo.Sha256))
        {
            error = $"a path addressed by '{this}' cannot have references";
            return false;
        }

        path = storeDir.MakeFixedOutputPath(Method, Hash, name, refs, hasSelfReference);
        return true;
    }

    /// <summary>
    /// Nix's <c>ValidPathInfo::isContentAddressed</c>: whether this address, with <paramref name="references"/>
    /// (a reference to <paramref name="path"/> itself counting as <c>:self</c> for fixed addresses), yields exactly
    /// <paramref name="path"/>. A path for which this holds is trusted without a signature.
    /// </summary>
    public bool Reproduces(StoreDir storeDir, StorePath path, IEnumerable<StorePath> references)
    {
        var refs = references.ToHashSet();
        var self = Kind == ContentAddressKind.Fixed && refs.Remove(path);
        return TryMakeStorePath(storeDir, path.Name, refs, self, out var computed, out _) && computed == path;
    }

    public bool Equals(ContentAddress other) => Kind == other.Kind && Method == other.Method && Hash == other.Hash;

    public override bool Equals(object? obj) => obj is ContentAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Kind, Method, Hash);

    public static bool operator ==(ContentAddress left, ContentAddress right) => left.Equals(right);

    public static bool operator !=(ContentAddress left, ContentAddress right) => !left.Equals(right);
}

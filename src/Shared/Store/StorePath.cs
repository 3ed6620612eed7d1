using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Store;

/// <summary>
/// A store path without its store directory: the 32-character base32 hash part and the name,
/// printed <c>hash-name</c>. Combine with a <see cref="StoreDir"/> for the full path.
/// Ordered as Nix orders store paths (byte-wise on the base name).
/// </summary>
public readonly struct StorePath : IEquatable<StorePath>, IComparable<StorePath>
{
    public const int HashPartLength = 32;
    public const int MaxNameLength = 211;

    private readonly string _baseName;

    private StorePath(string baseName) => _baseName = baseName;

    /// <summary>The 32 base32 characters naming the path's 160-bit digest.</summary>
    public string HashPart => BaseName[..HashPartLength];

    public string Name => BaseName[(HashPartLength + 1)..];

    /// <summary><c>hash-name</c>, as in narinfo References and the <c>Deriver</c> field.</summary>
    public string BaseName => _baseName ?? throw new InvalidOperationException("default(StorePath) has no value");

    public bool IsDerivation => BaseName.EndsWith(".drv", StringComparison.Ordinal);

    /// <summary>The name without <c>.drv</c> for a derivation path.</summary>
    public string DerivationName => IsDerivation ? Name[..^4] : Name;

    public static StorePath FromDigest(ReadOnlySpan<byte> digest20, string name)
    {
        if (digest20.Length != 20)
        {
            throw new ArgumentException("a store path digest has 20 bytes", nameof(digest20));
        }

        ArgumentNullException.ThrowIfNull(name);
        Span<char> hashPart = stackalloc char[HashPartLength];
        NixBase32.Encode(digest20, hashPart);
        return Parse(string.Concat(hashPart, "-", name));
    }

    public static StorePath FromParts(string hashPart, string name) => Parse($"{hashPart}-{name}");

    /// <summary>Parses a base name <c>hash-name</c>.</summary>
    public static StorePath Parse(string baseName) =>
        TryParse(baseName, out var path, out var error) ? path : throw new FormatException(error);

    public static bool TryParse(string baseName, out StorePath path, out string error)
    {
        path = default;
        if (baseName.Length < HashPartLength + 2 || baseName[HashPartLength] != '-')
        {
            error = $"'{baseName}' is not a store path base name (expected <32 base32 characters>-<name>)";
            return false;
        }

        for (var i = 0; i < HashPartLength; i++)
        {
            if (!NixBase32.IsDigit(baseName[i]))
            {
                error = $"store path '{baseName}' has an invalid character '{baseName[i]}' in its hash part";
                return false;
            }
        }

        if (!StorePathName.TryValidate(baseName.AsSpan(HashPartLength + 1), out error))
        {
            error = $"store path '{baseName}': {error}";
            return false;
        }

        path = new StorePath(baseName);
        error = string.Empty;
        return true;
    }

    public bool Equals(StorePath other) => string.Equals(_baseName, other._baseName, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is StorePath other && Equals(other);

    public override int GetHashCode() => _baseName is null ? 0 : StringComparer.Ordinal.GetHashCode(_baseName);

    /// <summary>Base names are ASCII, so ordinal order is Nix's byte order.</summary>
    public int CompareTo(StorePath other) => string.CompareOrdinal(_baseName, other._baseName);

    public override string ToString() => _baseName ?? string.Empty;

    public static bool operator ==(StorePath left, StorePath right) => left.Equals(right);

    public static bool operator !=(StorePath left, StorePath right) => !left.Equals(right);

    public static bool operator <(StorePath left, StorePath right) => left.CompareTo(right) < 0;

    public static bool operator >(StorePath left, StorePath right) => left.CompareTo(right) > 0;

    public static bool operator <=(StorePath left, StorePath right) => left.CompareTo(right) <= 0;

    public static bool operator >=(StorePath left, StorePath right) => left.CompareTo(right) >= 0;
}

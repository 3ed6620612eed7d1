using System.Text;
using NSec.Cryptography;

namespace AsterFarm.Shared.Signing;

/// <summary>
/// A Nix public key, <c>name:base64(32 bytes)</c>, as in a <c>pk</c> file of
/// <c>nix-store --generate-binary-cache-key</c> and in <c>trusted-public-keys</c>.
/// </summary>
public sealed class NixPublicKey : IEquatable<NixPublicKey>
{
    public const int Size = 32;

    private readonly byte[] _bytes;
    private readonly PublicKey _key;

    private NixPublicKey(string name, byte[] bytes, PublicKey key)
    {
        Name = name;
        _bytes = bytes;
        _key = key;
    }

    public string Name { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static NixPublicKey FromBytes(string name, ReadOnlySpan<byte> bytes) =>
        TryCreate(name, bytes.ToArray(), out var key, out var error) ? key : throw new ArgumentException(error, nameof(bytes));

    /// <summary>Parses key-file text; surrounding whitespace (a trailing newline from an editor) is ignored.</summary>
    public static NixPublicKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    public static bool TryParse(string text, out NixPublicKey key, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = null!;
        return NixKeyText.TryDecode(text.Trim(), "public key", Size, out var name, out var bytes, out error)
            && TryCreate(name, bytes, out key, out error);
    }

    /// <summary>Reads a public key file; a malformed file gives a <see cref="FormatException"/> naming the file.</summary>
    public static NixPublicKey Load(string path) =>
        TryParse(File.ReadAllText(path), out var key, out var error)
            ? key
            : throw new FormatException($"public key file '{path}': {error}");

    /// <summary>Whether <paramref name="signature"/> is this key's Ed25519 signature of <paramref name="data"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> data, NarSignature signature) =>
        string.Equals(signature.KeyName, Name, StringComparison.Ordinal)
        && SignatureAlgorithm.Ed25519.Verify(_key, data, signature.Bytes);

    /// <summary>Verifies a signature over a narinfo fingerprint (UTF-8).</summary>
    public bool Verify(string fingerprint, NarSignature signature) => Verify(Encoding.UTF8.GetBytes(fingerprint), signature);

    /// <summary>The key-file text, <c>name:base64</c>, without a trailing newline (as Nix writes it).</summary>
    public string ToKeyFileText() => NixKeyText.Encode(Name, _bytes);

    /// <summary>Writes the key file exactly as Nix does (no trailing newline).</summary>
    public void Save(string path) => File.WriteAllText(path, ToKeyFileText());

    public override string ToString() => ToKeyFileText();

    public bool Equals(NixPublicKey? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => Equals(obj as NixPublicKey);

    public override int GetHashCode() => HashCode.Combine(Name, BitConverter.ToInt32(_bytes));

    private static bool TryCreate(string name, byte[] bytes, out NixPublicKey key, out string error)
    {
        key = null!;
        if (!NixKeyText.IsValidName(name, out error))
        {
            return false;
        }

        if (bytes.Length != Size || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, bytes, KeyBlobFormat.RawPublicKey, out var imported))
        {
            error = $"public key '{name}' is not a valid {Size}-byte Ed25519 key";
            return false;
        }

        key = new NixPublicKey(name, bytes, imported!);
        return true;
    }
}

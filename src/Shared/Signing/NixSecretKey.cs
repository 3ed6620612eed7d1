using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace AsterFarm.Shared.Signing;

/// <summary>
/// A Nix secret signing key, <c>name:base64(64 bytes)</c> in libsodium's layout <c>seed(32) || publicKey(32)</c>
/// (nix-formats.md §10.4). The key is imported from the seed; a file whose public half does not belong to the
/// seed is refused, because libsodium would silently produce signatures nobody can verify.
/// </summary>
public sealed class NixSecretKey : IDisposable
{
    public const int Size = 64;
    public const int SeedSize = 32;

    private readonly Key _key;

    private NixSecretKey(string name, Key key)
    {
        Name = name;
        _key = key;
        PublicKey = NixPublicKey.FromBytes(name, key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public string Name { get; }

    /// <summary>The matching public key, with the same name (what goes into <c>trusted-public-keys</c>).</summary>
    public NixPublicKey PublicKey { get; }

    /// <summary>A fresh random key pair, as <c>nix-store --generate-binary-cache-key NAME sk pk</c> makes.</summary>
    public static NixSecretKey Generate(string name)
    {
        if (!NixKeyText.IsValidName(name, out var error))
        {
            throw new ArgumentException(error, nameof(name));
        }

        return new NixSecretKey(name, Key.Create(SignatureAlgorithm.Ed25519, Exportable()));
    }

    /// <summary>A key from its 32-byte Ed25519 seed (RFC 8032 private key).</summary>
    public static NixSecretKey FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        if (!NixKeyText.IsValidName(name, out var error))
        {
            throw new ArgumentException(error, nameof(name));
        }

        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"an Ed25519 seed has {SeedSize} bytes", nameof(seed));
        }

        return new NixSecretKey(name, Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey, Exportable()));
    }

    /// <summary>Parses key-file text; surrounding whitespace is ignored.</summary>
    public static NixSecretKey Parse(string text) =>
        TryParse(text, out var key, out var error) ? key : throw new FormatException(error);

    public static bool TryParse(string text, out NixSecretKey key, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = null!;
        if (!NixKeyText.TryDecode(text.Trim(), "secret key", Size, out var name, out var bytes, out error))
        {
            return false;
        }

        try
        {
            if (!NixKeyText.IsValidName(name, out error))
            {
                return false;
            }

            var candidate = FromSeed(name, bytes.AsSpan(0, SeedSize));
            if (!CryptographicOperations.FixedTimeEquals(candidate.PublicKey.Bytes, bytes.AsSpan(SeedSize)))
            {
                candidate.Dispose();
                error = $"secret key '{name}' is corrupt: its public half does not belong to its seed";
                return false;
            }

            key = candidate;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Reads a secret key file; a malformed file gives a <see cref="FormatException"/> naming the file.</summary>
    public static NixSecretKey Load(string path) =>
        TryParse(File.ReadAllText(path), out var key, out var error)
            ? key
            : throw new FormatException($"secret key file '{path}': {error}");

    /// <summary>Signs <paramref name="data"/> (deterministic Ed25519).</summary>
    public NarSignature Sign(ReadOnlySpan<byte> data) => new(Name, SignatureAlgorithm.Ed25519.Sign(_key, data));

    /// <summary>Signs a narinfo fingerprint (UTF-8), giving the value of a <c>Sig</c> line.</summary>
    public NarSignature Sign(string fingerprint) => Sign(Encoding.UTF8.GetBytes(fingerprint));

    /// <summary>The key-file text <c>name:base64(seed || public)</c>, without a trailing newline (as Nix writes it).</summary>
    public string ToKeyFileText()
    {
        var bytes = new byte[Size];
        try
        {
            _key.Export(KeyBlobFormat.RawPrivateKey).CopyTo(bytes, 0);
            PublicKey.Bytes.CopyTo(bytes.AsSpan(SeedSize));
            return NixKeyText.Encode(Name, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Writes the key file as Nix does (no trailing newline), readable by the owner only.</summary>
    public void Save(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var writer = new StreamWriter(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.Write(ToKeyFileText());
    }

    public override string ToString() => $"secret key '{Name}'";

    public void Dispose() => _key.Dispose();

    // The key-file text is the only form a key leaves the process in, so export must be allowed.
    private static KeyCreationParameters Exportable() => new() { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
}

using System.Security.Cryptography;

namespace AsterFarm.Shared.Hashing;

/// <summary>A hash value with its algorithm, parsed and printed in every form Nix uses.</summary>
public readonly struct NixHash : IEquatable<NixHash>
{
    private readonly byte[] _bytes;

    public NixHash(HashAlgo algorithm, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != algorithm.Size())
        {
            throw new ArgumentException(
                $"a {algorithm.Name()} hash has {algorithm.Size()} bytes, got {bytes.Length}", nameof(bytes));
        }

        Algorithm = algorithm;
        _bytes = bytes.ToArray();
    }

    private NixHash(HashAlgo algorithm, byte[] ownedBytes)
    {
        Algorithm = algorithm;
        _bytes = ownedBytes;
    }

    public HashAlgo Algorithm { get; }

    public ReadOnlySpan<byte> Bytes => _bytes;

    public static NixHash Compute(HashAlgo algorithm, ReadOnlySpan<byte> data) =>
        new(algorithm, algorithm switch
        {
#pragma warning disable CA5351 // MD5 is one of the algorithms Nix derivations may declare.
            HashAlgo.Md5 => MD5.HashData(data),
#pragma warning restore CA5351
#pragma warning disable CA5350 // SHA-1 likewise.
            HashAlgo.Sha1 => SHA1.HashData(data),
#pragma warning restore CA5350
            HashAlgo.Sha256 => SHA256.HashData(data),
            HashAlgo.Sha512 => SHA512.HashData(data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
        });

    public static NixHash Sha256(ReadOnlySpan<byte> data) => new(HashAlgo.Sha256, SHA256.HashData(data));

    public static NixHash Sha256(string utf8Text) => Sha256(System.Text.Encoding.UTF8.GetBytes(utf8Text));

    /// <summary>Wraps the final digest of an <see cref="IncrementalHash"/> or similar without copying.</summary>
    public static NixHash FromDigest(HashAlgo algorithm, byte[] digest) =>
        digest.Length == algorithm.Size()
            ? new NixHash(algorithm, digest)
            : throw new ArgumentException($"a {algorithm.Name()} digest has {algorithm.Size()} bytes", nameof(digest));

    public string ToBase16() => Convert.ToHexStringLower(_bytes);

    public string ToBase32() => NixBase32.Encode(_bytes);

    public string ToBase64() => Convert.ToBase64String(_bytes);

    public string ToSri() => $"{Algorithm.Name()}-{ToBase64()}";

    /// <summary>Prints the hash; with <paramref name="withAlgorithm"/>, as <c>algo:encoded</c> (SRI always has its prefix).</summary>
    public string Format(HashEncoding encoding, bool withAlgorithm = true)
    {
        var body = encoding switch
        {
            HashEncoding.Base16 => ToBase16(),
            HashEncoding.Base32 => ToBase32(),
            HashEncoding.Base64 => ToBase64(),
            HashEncoding.Sri => ToSri(),
            _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
        };
        return encoding == HashEncoding.Sri || !withAlgorithm ? body : $"{Algorithm.Name()}:{body}";
    }

    /// <summary>The form of NarHash in narinfo and of <c>nix-store -q --hash</c>: <c>sha256:&lt;base32&gt;</c>.</summary>
    public override string ToString() => Format(HashEncoding.Base32);

    /// <summary>Folds the hash into <paramref name="size"/> bytes by XOR (Nix's <c>compressHash</c>).</summary>
    public byte[] Compress(int size) => HashCompression.Compress(_bytes, size);

    /// <summary>
    /// Parses <c>algo:hash</c>, <c>algo-base64</c> (SRI), or a bare hash when <paramref name="expected"/> is given.
    /// The encoding of the body is decided by its length, as Nix does.
    /// </summary>
    public static NixHash Parse(string text, HashAlgo? expected = null) =>
        TryParse(text, expected, out var hash, out var error)
            ? hash
            : throw new FormatException(error);

    public static bool TryParse(string text, HashAlgo? expected, out NixHash hash, out string error)
    {
        hash = default;
        ReadOnlySpan<char> body;
        HashAlgo algorithm;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var isSri = false;
        if (colon >= 0)
        {
            if (!HashAlgoInfo.TryParse(text.AsSpan(0, colon), out algorithm))
            {
                error = $"unknown hash algorithm '{text[..colon]}' in hash '{text}'";
                return false;
            }

            body = text.AsSpan(colon + 1);
        }
        else if (dash >= 0 && HashAlgoInfo.TryParse(text.AsSpan(0, dash), out algorithm))
        {
            body = text.AsSpan(dash + 1);
            isSri = true;
        }
        else if (expected is { } algo)
        {
            algorithm = algo;
            body = text;
        }
        else
        {
            error = $"hash '{text}' does not include a type, nor is the type otherwise known from context";
            return false;
        }

        if (expected is { } wanted && wanted != algorithm)
        {
            error = $"hash '{text}' should have type '{wanted.Name()}'";
            return false;
        }

        var bytes = new byte[algorithm.Size()];
        var ok = isSri
            ? TryDecodeBase64(body, bytes)
            : body.Length == algorithm.Base16Length() ? TryDecodeBase16(body, bytes)
            : body.Length == algorithm.Base32Length() ? NixBase32.TryDecode(body, bytes)
            : body.Length == algorithm.Base64Length() && TryDecodeBase64(body, bytes);
        if (!ok)
        {
            error = $"hash '{text}' has wrong length or invalid characters for hash type '{algorithm.Name()}'";
            return false;
        }

        hash = new NixHash(algorithm, bytes);
        error = string.Empty;
        return true;
    }

    private static bool TryDecodeBase16(ReadOnlySpan<char> text, Span<byte> destination)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return Convert.FromHexString(text, destination, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == destination.Length;
    }

    private static bool TryDecodeBase64(ReadOnlySpan<char> text, Span<byte> destination)
    {
        Span<byte> buffer = stackalloc byte[96];
        return Convert.TryFromBase64Chars(text, buffer, out var written)
            && written == destination.Length
            && buffer[..written].TryCopyTo(destination);
    }

    public bool Equals(NixHash other) =>
        Algorithm == other.Algorithm && Bytes.SequenceEqual(other.Bytes);

    public override bool Equals(object? obj) => obj is NixHash other && Equals(other);

    public override int GetHashCode()
    {
        var code = new HashCode();
        code.Add(Algorithm);
        code.AddBytes(Bytes);
        return code.ToHashCode();
    }

    public static bool operator ==(NixHash left, NixHash right) => left.Equals(right);

    public static bool operator !=(NixHash left, NixHash right) => !left.Equals(right);
}

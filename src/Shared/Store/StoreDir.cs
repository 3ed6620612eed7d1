using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.Store;

/// <summary>
/// The store directory (default <c>/nix/store</c>) and the store-path computations that depend on it
/// (nix-formats.md §2): parsing and printing full paths, and <c>makeStorePath</c> for text, source and
/// output paths.
/// </summary>
public sealed record StoreDir
{
    public const string DefaultPath = "/nix/store";

    public static readonly StoreDir Default = new(DefaultPath);

    public StoreDir(string path)
    {
        if (string.IsNullOrEmpty(path) || path[0] != '/' || (path.Length > 1 && path[^1] == '/'))
        {
            throw new ArgumentException($"store directory '{path}' must be an absolute path without a trailing slash", nameof(path));
        }

        Path = path;
    }

    public string Path { get; }

    public string Print(StorePath path) => $"{Path}/{path.BaseName}";

    public bool IsInStore(string fullPath) =>
        fullPath.Length > Path.Length + 1 && fullPath.StartsWith(Path, StringComparison.Ordinal) && fullPath[Path.Length] == '/';

    /// <summary>Parses a full store path <c>storeDir/hash-name</c> (no trailing components).</summary>
    public StorePath Parse(string fullPath) =>
        TryParse(fullPath, out var path, out var error) ? path : throw new FormatException(error);

    public bool TryParse(string fullPath, out StorePath path, out string error)
    {
        if (!IsInStore(fullPath))
        {
            path = default;
            error = $"path '{fullPath}' is not in the Nix store '{Path}'";
            return false;
        }

        var baseName = fullPath[(Path.Length + 1)..];
        if (baseName.Contains('/', StringComparison.Ordinal))
        {
            path = default;
            error = $"path '{fullPath}' is inside a store path, not a store path itself";
            return false;
        }

        return StorePath.TryParse(baseName, out path, out error);
    }

    /// <summary>
    /// Nix's <c>makeStorePath(type, hash, name)</c>: the fingerprint
    /// <c>type:sha256:&lt;hex&gt;:storeDir:name</c>, hashed with SHA-256 and folded to 160 bits.
    /// </summary>
    public StorePath MakeStorePath(string type, NixHash hash, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        var typeBytes = Encoding.UTF8.GetByteCount(type);
        var rented = typeBytes > 512 ? ArrayPool<byte>.Shared.Rent(typeBytes) : null;
        try
        {
            var buffer = rented is null ? stackalloc byte[512] : rented;
            var written = Encoding.UTF8.GetBytes(type, buffer);
            return MakeStorePath(buffer[..written], hash.Algorithm, hash.Bytes, name);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// <see cref="MakeStorePath(string, NixHash, string)"/> with the type already in UTF-8; the fingerprint is
    /// assembled in a stack or pooled buffer because hashing a closure makes hundreds of thousands of paths.
    /// </summary>
    internal StorePath MakeStorePath(ReadOnlySpan<byte> typeUtf8, HashAlgo algorithm, ReadOnlySpan<byte> digest, string name)
    {
        StorePathName.Validate(name);
        var algoName = algorithm.Name();
        var length = typeUtf8.Length + 1 + algoName.Length + 1 + (digest.Length * 2) + 1 + Encoding.UTF8.GetByteCount(Path) + 1
            + Encoding.UTF8.GetByteCount(name);
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            var fingerprint = rented is null ? stackalloc byte[1024] : rented;
            var at = 0;
            typeUtf8.CopyTo(fingerprint);
            at += typeUtf8.Length;
            fingerprint[at++] = (byte)':';
            at += Encoding.ASCII.GetBytes(algoName, fingerprint[at..]);
            fingerprint[at++] = (byte)':';
            at += WriteBase16(digest, fingerprint[at..]);
            fingerprint[at++] = (byte)':';
            at += Encoding.UTF8.GetBytes(Path, fingerprint[at..]);
            fingerprint[at++] = (byte)':';
            at += Encoding.UTF8.GetBytes(name, fingerprint[at..]);
            Span<byte> sha = stackalloc byte[32];
            SHA256.HashData(fingerprint[..at], sha);
            Span<byte> folded = stackalloc byte[20];
            folded.Clear();
            for (var i = 0; i < sha.Length; i++)
            {
                folded[i % 20] ^= sha[i];
            }

            return StorePath.FromDigest(folded, name);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Lowercase base16 as UTF-8; returns the number of bytes written (twice the input length).</summary>
    internal static int WriteBase16(ReadOnlySpan<byte> bytes, Span<byte> destination) =>
        Convert.TryToHexStringLower(bytes, destination, out var written)
            ? written
            : throw new ArgumentException("destination too short", nameof(destination));

    /// <summary>The store path of text content (<c>builtins.toFile</c>, <c>.drv</c> files).</summary>
    public StorePath MakeTextPath(string name, NixHash contentSha256, IEnumerable<StorePath> references) =>
        MakeStorePath(MakeType("text", references, hasSelfReference: false), RequireSha256(contentSha256), name);

    public StorePath MakeTextPath(string name, ReadOnlySpan<byte> contents, IEnumerable<StorePath> references) =>
        MakeTextPath(name, NixHash.Sha256(contents), references);

    /// <summary>The store path of a fixed-output or added path (nix-formats.md §2.4).</summary>
    public StorePath MakeFixedOutputPath(
        FileIngestionMethod method, NixHash hash, string name, IEnumerable<StorePath>? references = null, bool hasSelfReference = false)
    {
        var refs = references?.ToArray() ?? [];
        if (method == FileIngestionMethod.Recursive && hash.Algorithm == HashAlgo.Sha256)
        {
            return MakeStorePath(MakeType("source", refs, hasSelfReference), hash, name);
        }

        if (refs.Length > 0 || hasSelfReference)
        {
            throw new ArgumentException(
                $"a fixed-output path hashed {(method == FileIngestionMethod.Recursive ? "r:" : "")}{hash.Algorithm.Name()} cannot have references",
                nameof(references));
        }

        var inner = $"fixed:out:{(method == FileIngestionMethod.Recursive ? "r:" : "")}{hash.Algorithm.Name()}:{hash.ToBase16()}:";
        return MakeStorePath("output:out", NixHash.Sha256(inner), name);
    }

    /// <summary>The output path of an input-addressed derivation from its masked <c>hashDerivationModulo</c>.</summary>
    public StorePath MakeOutputPath(string outputName, NixHash derivationHash, string derivationName) =>
        MakeStorePath($"output:{outputName}", derivationHash, OutputPathName(derivationName, outputName));

    /// <summary><c>name</c> for output <c>out</c>, <c>name-output</c> otherwise.</summary>
    public static string OutputPathName(string derivationName, string outputName) =>
        outputName == "out" ? derivationName : $"{derivationName}-{outputName}";

    private string MakeType(string kind, IEnumerable<StorePath> references, bool hasSelfReference)
    {
        var builder = new StringBuilder(kind);
        foreach (var reference in references.Distinct().Order())
        {
            builder.Append(':').Append(Print(reference));
        }

        if (hasSelfReference)
        {
            builder.Append(":self");
        }

        return builder.ToString();
    }

    private static NixHash RequireSha256(NixHash hash) =>
        hash.Algorithm == HashAlgo.Sha256 ? hash : throw new ArgumentException("text paths are addressed by SHA-256", nameof(hash));
}

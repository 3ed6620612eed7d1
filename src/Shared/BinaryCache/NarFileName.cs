using System.Diagnostics.CodeAnalysis;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// The name of a stored NAR, <c>&lt;base32 sha256 of the file&gt;.nar[.zst|.xz]</c> (nix-formats.md §10.1): the file
/// is addressed by the hash of its (compressed) bytes, so the name alone says what the content must be.
/// </summary>
public readonly record struct NarFileName(NixHash FileHash, NarCompression Compression)
{
    /// <summary>The directory of NARs under the cache root, as in the narinfo <c>URL</c>.</summary>
    public const string Directory = "nar";

    private static readonly int HashLength = HashAlgo.Sha256.Base32Length();

    /// <summary>The file name, e.g. <c>1xga….nar.zst</c>.</summary>
    public string FileName => FileHash.ToBase32() + ".nar" + Compression.Extension();

    /// <summary>The narinfo <c>URL</c> value, <c>nar/&lt;FileName&gt;</c>.</summary>
    public string Url => Directory + "/" + FileName;

    /// <summary>Parses a file name such as <c>1xga….nar.xz</c>; the error says what is wrong (to show a client).</summary>
    public static bool TryParse(string fileName, out NarFileName name, [NotNullWhen(false)] out string? error)
    {
        name = default;
        ArgumentNullException.ThrowIfNull(fileName);
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        var digest = new byte[HashAlgo.Sha256.Size()];
        if (dot != HashLength || !NixBase32.TryDecode(fileName.AsSpan(0, dot), digest))
        {
            error = $"'{fileName}' is not a NAR file name: expected {HashLength} base32 characters followed by .nar, .nar.zst or .nar.xz";
            return false;
        }

        NarCompression compression;
        switch (fileName[dot..])
        {
            case ".nar":
                compression = NarCompression.None;
                break;
            case ".nar.zst":
                compression = NarCompression.Zstd;
                break;
            case ".nar.xz":
                compression = NarCompression.Xz;
                break;
            default:
                error = $"'{fileName}' has an unsupported compression extension '{fileName[(dot + 4)..]}': this cache takes .nar, .nar.zst and .nar.xz";
                return false;
        }

        name = new NarFileName(new NixHash(HashAlgo.Sha256, digest), compression);
        error = null;
        return true;
    }

    /// <summary>Parses a narinfo <c>URL</c> of the form <c>nar/&lt;file name&gt;</c>.</summary>
    public static bool TryParseUrl(string url, out NarFileName name, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.StartsWith(Directory + "/", StringComparison.Ordinal))
        {
            name = default;
            error = $"URL '{url}' is not of the form nar/<file hash>.nar[.zst|.xz]";
            return false;
        }

        return TryParse(url[(Directory.Length + 1)..], out name, out error);
    }

    public override string ToString() => Url;
}

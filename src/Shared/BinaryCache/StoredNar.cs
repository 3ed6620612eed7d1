using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using AsterFarm.Shared.Hashing;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// What the cache measured when it received a NAR file: the compressed file's size (its hash is in the name) and
/// the uncompressed NAR's hash and size. A narinfo is accepted only if it agrees with this record.
/// </summary>
public sealed record StoredNar(NarFileName File, long FileSize, NixHash NarHash, long NarSize)
{
    /// <summary>The hash of the stored (compressed) bytes, the one in the file name.</summary>
    public NixHash FileHash => File.FileHash;

    /// <summary>The sidecar text kept beside the NAR (<c>Key: value</c> lines like a narinfo).</summary>
    public string Print() => string.Create(
        CultureInfo.InvariantCulture,
        $"URL: {File.Url}\nFileHash: {FileHash}\nFileSize: {FileSize}\nNarHash: {NarHash}\nNarSize: {NarSize}\n");

    /// <summary>Reads sidecar text; false if it is damaged or describes another file.</summary>
    public static bool TryParse(string text, NarFileName expected, [NotNullWhen(true)] out StoredNar? record)
    {
        ArgumentNullException.ThrowIfNull(text);
        record = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon > 0)
            {
                fields[line[..colon]] = line[(colon + 2)..];
            }
        }

        if (!fields.TryGetValue("URL", out var url) || url != expected.Url
            || !fields.TryGetValue("FileSize", out var fileSizeText) || !long.TryParse(fileSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var fileSize)
            || !fields.TryGetValue("NarHash", out var narHashText) || !NixHash.TryParse(narHashText, HashAlgo.Sha256, out var narHash, out _)
            || !fields.TryGetValue("NarSize", out var narSizeText) || !long.TryParse(narSizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var narSize))
        {
            return false;
        }

        record = new StoredNar(expected, fileSize, narHash, narSize);
        return true;
    }

    /// <summary>The sidecar text as UTF-8.</summary>
    public byte[] ToUtf8() => Encoding.UTF8.GetBytes(Print());
}

using System.Globalization;
using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.NarInfoFormat;

/// <summary>Prints a <see cref="NarInfo"/> byte-for-byte as Nix 2.8's <c>NarInfo::to_string</c> does.</summary>
public static class NarInfoWriter
{
    /// <summary>
    /// The narinfo text: fixed field order, <c>": "</c> separators, every line ending in <c>\n</c>; a
    /// <c>References: </c> line even when there are none; no <c>Deriver</c>/<c>System</c>/<c>CA</c> line when
    /// unknown. <c>FileHash</c>/<c>FileSize</c> are left out only when absent (nix-serve style input).
    /// </summary>
    public static string Print(NarInfo narInfo, StoreDir? storeDir = null)
    {
        ArgumentNullException.ThrowIfNull(narInfo);
        var store = storeDir ?? StoreDir.Default;
        var text = new StringBuilder(512);
        Line(text, "StorePath", store.Print(narInfo.StorePath));
        Line(text, "URL", narInfo.Url);
        Line(text, "Compression", narInfo.Compression);
        if (narInfo.FileHash is { } fileHash)
        {
            Line(text, "FileHash", fileHash.Format(HashEncoding.Base32));
        }

        if (narInfo.FileSize is { } fileSize)
        {
            Line(text, "FileSize", fileSize.ToString(CultureInfo.InvariantCulture));
        }

        Line(text, "NarHash", narInfo.NarHash.Format(HashEncoding.Base32));
        Line(text, "NarSize", narInfo.NarSize.ToString(CultureInfo.InvariantCulture));
        Line(text, "References", string.Join(' ', narInfo.References.Select(r => r.BaseName)));
        if (narInfo.Deriver is { } deriver)
        {
            Line(text, "Deriver", deriver.BaseName);
        }

        if (narInfo.System is { } system)
        {
            Line(text, "System", system);
        }

        foreach (var signature in narInfo.Signatures)
        {
            Line(text, "Sig", signature);
        }

        if (narInfo.ContentAddress is { } address)
        {
            Line(text, "CA", address.ToString());
        }

        return text.ToString();
    }

    /// <summary>The narinfo as UTF-8 bytes, ready to serve as <c>text/x-nix-narinfo</c>.</summary>
    public static byte[] PrintUtf8(NarInfo narInfo, StoreDir? storeDir = null) =>
        Encoding.UTF8.GetBytes(Print(narInfo, storeDir));

    private static void Line(StringBuilder text, string key, string value) =>
        text.Append(key).Append(": ").Append(value).Append('\n');
}

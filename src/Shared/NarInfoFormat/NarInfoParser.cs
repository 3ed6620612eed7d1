using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.NarInfoFormat;

/// <summary>
/// Reads narinfo text as Nix 2.8's <c>NarInfo</c> constructor does: <c>Key: value</c> lines, unknown keys
/// ignored, a missing <c>Compression</c> meaning bzip2, <c>Deriver: unknown-deriver</c> meaning none, and
/// <c>FileHash</c>/<c>FileSize</c>/<c>References</c> optional (nix-serve). Refuses, naming line and field,
/// what Nix refuses: no <c>StorePath</c>/<c>NarHash</c>/<c>URL</c>, a zero or non-numeric size, a bad hash or
/// store path, a duplicate <c>CA</c> or <c>References</c> line, and input over <see cref="MaxLength"/>.
/// </summary>
public static class NarInfoParser
{
    /// <summary>
    /// Largest narinfo accepted, in bytes (or UTF-16 characters for string input). Real ones are well under
    /// 64 KiB even with thousands of references; the cap keeps a hostile cache from making us allocate without bound.
    /// </summary>
    public const int MaxLength = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static NarInfo Parse(string text, StoreDir? storeDir = null) =>
        TryParse(text, storeDir, out var narInfo, out var error) ? narInfo : throw new NarInfoFormatException(error);

    public static NarInfo Parse(ReadOnlySpan<byte> utf8, StoreDir? storeDir = null) =>
        TryParse(utf8, storeDir, out var narInfo, out var error) ? narInfo : throw new NarInfoFormatException(error);

    /// <summary>Parses UTF-8 bytes (as served over HTTP); refuses oversized or invalid UTF-8 input before decoding it all.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, StoreDir? storeDir, out NarInfo narInfo, out NarInfoError error)
    {
        narInfo = null!;
        if (utf8.Length > MaxLength)
        {
            error = TooLarge(utf8.Length);
            return false;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            error = new NarInfoError(null, null, "not valid UTF-8 text");
            return false;
        }

        return TryParse(text, storeDir, out narInfo, out error);
    }

    /// <summary>
    /// Reads at most <see cref="MaxLength"/> + 1 bytes from <paramref name="stream"/> and parses them, so an endless
    /// or giant response is refused after a bounded read.
    /// </summary>
    public static bool TryRead(Stream stream, StoreDir? storeDir, out NarInfo narInfo, out NarInfoError error)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var buffer = new byte[MaxLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        return TryParse(buffer.AsSpan(0, length), storeDir, out narInfo, out error);
    }

    /// <summary>Reads a <c>.narinfo</c> file, refusing one over <see cref="MaxLength"/> without reading it.</summary>
    public static bool TryLoad(string path, StoreDir? storeDir, out NarInfo narInfo, out NarInfoError error)
    {
        using var stream = File.OpenRead(path);
        return TryRead(stream, storeDir, out narInfo, out error);
    }

    public static bool TryParse(string text, StoreDir? storeDir, out NarInfo narInfo, out NarInfoError error)
    {
        ArgumentNullException.ThrowIfNull(text);
        narInfo = null!;
        if (text.Length > MaxLength)
        {
            error = TooLarge(text.Length);
            return false;
        }

        var fields = new Fields(storeDir ?? StoreDir.Default);
        var lineNumber = 0;
        var position = 0;
        while (position < text.Length)
        {
            lineNumber++;
            var end = text.IndexOf('\n', position);
            if (end < 0)
            {
                error = new NarInfoError(lineNumber, null, "the last line does not end in a newline (the file looks truncated)");
                return false;
            }

            var line = text.AsSpan(position, end - position);
            position = end + 1;
            if (!fields.TryAccept(line, lineNumber, out error))
            {
                return false;
            }
        }

        return fields.TryBuild(out narInfo, out error);
    }

    private static NarInfoError TooLarge(int length) =>
        new(null, null, $"{length} bytes is larger than the {MaxLength} bytes a narinfo may have");

    /// <summary>The fields seen so far; mirrors the variables of Nix's parsing loop.</summary>
    private sealed class Fields(StoreDir storeDir)
    {
        private readonly ImmutableSortedSet<StorePath>.Builder _references = ImmutableSortedSet.CreateBuilder<StorePath>();
        private readonly ImmutableSortedSet<string>.Builder _signatures = ImmutableSortedSet.CreateBuilder<string>(Utf8ByteOrder.Instance);
        private StorePath? _storePath;
        private string _url = string.Empty;
        private string _compression = string.Empty;
        private NixHash? _fileHash;
        private ulong? _fileSize;
        private NixHash? _narHash;
        private ulong _narSize;
        private int _narSizeLine;
        private StorePath? _deriver;
        private string? _system;
        private ContentAddress? _contentAddress;
        private bool _haveContentAddress;

        public bool TryAccept(ReadOnlySpan<char> line, int lineNumber, out NarInfoError error)
        {
            error = null!;
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                error = new NarInfoError(lineNumber, null, $"expected 'Key: value', got '{Shorten(line)}'");
                return false;
            }

            var key = line[..colon].ToString();
            if (!IsKnown(key))
            {
                return true;
            }

            // Nix takes the value from two characters after the colon; anything but ": " there is not a narinfo.
            var rest = line[(colon + 1)..];
            if (!rest.IsEmpty && rest[0] != ' ')
            {
                error = new NarInfoError(lineNumber, key, "expected ': ' between key and value");
                return false;
            }

            var value = rest.IsEmpty ? string.Empty : rest[1..].ToString();
            if (!TryAssign(key, value, lineNumber, out var problem))
            {
                error = new NarInfoError(lineNumber, key, problem);
                return false;
            }

            return true;
        }

        public bool TryBuild(out NarInfo narInfo, out NarInfoError error)
        {
            narInfo = null!;
            error = _storePath is null ? Missing("StorePath")
                : _narHash is null ? Missing("NarHash")
                : _url.Length == 0 ? Missing("URL")
                : _narSize == 0 && _narSizeLine == 0 ? Missing("NarSize")
                : _narSize == 0 ? new NarInfoError(_narSizeLine, "NarSize", "NarSize must not be 0")
                : null!;
            if (error is not null)
            {
                return false;
            }

            narInfo = new NarInfo
            {
                StorePath = _storePath!.Value,
                Url = _url,
                Compression = _compression.Length == 0 ? NarInfo.DefaultCompression : _compression,
                FileHash = _fileHash,
                FileSize = _fileSize,
                NarHash = _narHash!.Value,
                NarSize = _narSize,
                References = _references.ToImmutable(),
                Deriver = _deriver,
                System = _system,
                Signatures = _signatures.ToImmutable(),
                ContentAddress = _contentAddress,
            };
            return true;
        }

        private static NarInfoError Missing(string field) =>
            new(null, field, $"the required field '{field}' is missing or empty");

        private static bool IsKnown(string key) => key is "StorePath" or "URL" or "Compression" or "FileHash" or "FileSize"
            or "NarHash" or "NarSize" or "References" or "Deriver" or "System" or "Sig" or "CA";

        private bool TryAssign(string key, string value, int lineNumber, out string problem)
        {
            problem = string.Empty;
            switch (key)
            {
                case "StorePath":
                    if (!storeDir.TryParse(value, out var path, out problem))
                    {
                        return false;
                    }

                    _storePath = path;
                    return true;
                case "URL":
                    _url = value;
                    return true;
                case "Compression":
                    _compression = value;
                    return true;
                case "FileHash":
                    return TryParseHash(value, out _fileHash, out problem);
                case "NarHash":
                    return TryParseHash(value, out _narHash, out problem);
                case "FileSize":
                    if (!TryParseSize(value, out var fileSize, out problem))
                    {
                        return false;
                    }

                    _fileSize = fileSize;
                    return true;
                case "NarSize":
                    _narSizeLine = lineNumber;
                    return TryParseSize(value, out _narSize, out problem);
                case "References":
                    return TryParseReferences(value, out problem);
                case "Deriver":
                    if (value == "unknown-deriver")
                    {
                        _deriver = null;
                        return true;
                    }

                    if (!StorePath.TryParse(value, out var deriver, out problem))
                    {
                        return false;
                    }

                    _deriver = deriver;
                    return true;
                case "System":
                    _system = value;
                    return true;
                case "Sig":
                    _signatures.Add(value);
                    return true;
                default:
                    return TryParseContentAddress(value, out problem);
            }
        }

        private bool TryParseReferences(string value, out string problem)
        {
            problem = string.Empty;
            if (_references.Count > 0)
            {
                problem = "a second References line (Nix refuses this)";
                return false;
            }

            foreach (var token in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!StorePath.TryParse(token, out var reference, out problem))
                {
                    problem = $"reference is not a store path base name: {problem}";
                    return false;
                }

                _references.Add(reference);
            }

            return true;
        }

        private bool TryParseContentAddress(string value, out string problem)
        {
            problem = string.Empty;
            if (_haveContentAddress)
            {
                problem = "a second CA line (Nix refuses this)";
                return false;
            }

            _haveContentAddress = true;
            if (value.Length == 0)
            {
                return true;
            }

            if (!ContentAddress.TryParse(value, out var address, out problem))
            {
                return false;
            }

            _contentAddress = address;
            return true;
        }

        private static bool TryParseHash(string value, out NixHash? hash, out string problem)
        {
            // Nix's Hash::parseAnyPrefixed: 'algo:…' or SRI 'algo-…', never a bare hash.
            if (NixHash.TryParse(value, expected: null, out var parsed, out problem))
            {
                hash = parsed;
                return true;
            }

            hash = null;
            return false;
        }

        private static bool TryParseSize(string value, out ulong size, out string problem)
        {
            if (ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out size))
            {
                problem = string.Empty;
                return true;
            }

            problem = $"'{Shorten(value)}' is not a non-negative decimal number";
            return false;
        }

        private static string Shorten(ReadOnlySpan<char> text) =>
            text.Length <= 80 ? text.ToString() : string.Concat(text[..80], "…");
    }
}

using SharpCompress.Compressors.Xz;
using ZstdSharp;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>Names, file extensions and codec streams of <see cref="NarCompression"/>.</summary>
public static class NarCompressionExtensions
{
    /// <summary>The zstd level AsterFarm compresses with: fast enough to keep up with a disk, close to xz's ratio on NARs.</summary>
    public const int ZstdLevel = 3;

    /// <summary>The value of the narinfo <c>Compression</c> field.</summary>
    public static string NixName(this NarCompression compression) => compression switch
    {
        NarCompression.None => "none",
        NarCompression.Zstd => "zstd",
        NarCompression.Xz => "xz",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>The suffix after <c>.nar</c> in the file name: empty, <c>.zst</c> or <c>.xz</c>.</summary>
    public static string Extension(this NarCompression compression) => compression switch
    {
        NarCompression.None => string.Empty,
        NarCompression.Zstd => ".zst",
        NarCompression.Xz => ".xz",
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>Reads a narinfo <c>Compression</c> value; false for compressions this cache does not serve.</summary>
    public static bool TryParseNixName(string name, out NarCompression compression)
    {
        switch (name)
        {
            case "none":
                compression = NarCompression.None;
                return true;
            case "zstd":
                compression = NarCompression.Zstd;
                return true;
            case "xz":
                compression = NarCompression.Xz;
                return true;
            default:
                compression = default;
                return false;
        }
    }

    /// <summary>A stream that yields the uncompressed NAR from <paramref name="compressed"/>; disposing it leaves the source open.</summary>
    public static Stream OpenDecompression(this NarCompression compression, Stream compressed) => compression switch
    {
        NarCompression.None => new NonClosingStream(compressed),
        NarCompression.Zstd => new DecompressionStream(compressed, leaveOpen: true),
        NarCompression.Xz => new XZStream(new ForwardReadStream(compressed)),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };

    /// <summary>
    /// A stream that compresses what is written to it into <paramref name="destination"/>; dispose it to flush the
    /// last frame (the destination stays open). xz is decode-only here: AsterFarm never writes xz itself.
    /// </summary>
    public static Stream OpenCompression(this NarCompression compression, Stream destination) => compression switch
    {
        NarCompression.None => new NonClosingStream(destination),
        NarCompression.Zstd => new CompressionStream(destination, ZstdLevel, leaveOpen: true),
        NarCompression.Xz => throw new NotSupportedException("AsterFarm does not write xz; upload with zstd or none"),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, null),
    };
}

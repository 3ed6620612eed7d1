using System.Globalization;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>
/// How large an uploaded NAR may be once decompressed: at most <see cref="MaxNarSize"/> bytes, and beyond the first
/// <see cref="RatioFreeBytes"/> at most <see cref="MaxRatio"/> times the compressed bytes received so far, so a
/// decompression bomb is refused while it streams, after a bounded amount of work.
/// </summary>
public sealed record NarExpansionLimit(long MaxNarSize, int MaxRatio)
{
    /// <summary>NAR bytes any upload may expand to whatever its ratio (small paths of zeros compress beyond any ratio).</summary>
    public const long RatioFreeBytes = 64L << 20;

    /// <summary>Why <paramref name="narBytes"/> from <paramref name="fileBytes"/> compressed bytes is too much; null if it is not.</summary>
    public string? Check(long narBytes, long fileBytes)
    {
        if (narBytes > MaxNarSize)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the NAR is larger than this cache accepts ({MaxNarSize} bytes, MaxNarSize)");
        }

        return narBytes > RatioFreeBytes && narBytes > (double)MaxRatio * fileBytes
            ? string.Create(CultureInfo.InvariantCulture, $"{fileBytes} compressed bytes expanded to more than {narBytes} NAR bytes: a compression ratio beyond the limit of {MaxRatio} (MaxCompressionRatio)")
            : null;
    }
}

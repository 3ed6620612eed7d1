using System.Globalization;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Anti-entropy's key ranges: hash parts grouped by their first base32 characters (uniform, since a hash part is a
/// hash), so a range count is a power of 32.
/// </summary>
public static class KeyRanges
{
    /// <summary>The prefix length giving <paramref name="rangeCount"/> ranges (32 → 1, 1024 → 2, 32768 → 3).</summary>
    public static int PrefixLength(int rangeCount) => rangeCount switch
    {
        32 => 1,
        1024 => 2,
        32768 => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(rangeCount), rangeCount, string.Create(CultureInfo.InvariantCulture, $"RangeCount must be 32, 1024 or 32768, not {rangeCount}")),
    };

    /// <summary>The range (prefix) of a hash part.</summary>
    public static string RangeOf(string hashPart, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(hashPart);
        return hashPart[..prefixLength];
    }
}

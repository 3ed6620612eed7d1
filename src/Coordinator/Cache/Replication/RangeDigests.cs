using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Pure anti-entropy decisions: digests of key ranges, which ranges differ between two nodes, and what one holds that
/// the other misses. Digests travel as text lines <c>prefix count digest</c>.
/// </summary>
public static class RangeDigests
{
    /// <summary>The digests of the non-empty ranges of <paramref name="hashParts"/>, by prefix.</summary>
    public static IReadOnlyDictionary<string, RangeDigest> Compute(IEnumerable<string> hashParts, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(hashParts);
        var digests = new Dictionary<string, RangeDigest>(StringComparer.Ordinal);
        foreach (var range in hashParts.Distinct(StringComparer.Ordinal).GroupBy(h => KeyRanges.RangeOf(h, prefixLength), StringComparer.Ordinal))
        {
            var sorted = range.Order(StringComparer.Ordinal).ToList();
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var hashPart in sorted)
            {
                sha.AppendData(Encoding.ASCII.GetBytes(hashPart + "\n"));
            }

            digests[range.Key] = new RangeDigest(range.Key, sorted.Count, Convert.ToHexStringLower(sha.GetHashAndReset()));
        }

        return digests;
    }

    /// <summary>The prefixes whose digests differ, including ranges only one side has, sorted.</summary>
    public static IReadOnlyList<string> Differing(IReadOnlyDictionary<string, RangeDigest> mine, IReadOnlyDictionary<string, RangeDigest> theirs)
    {
        ArgumentNullException.ThrowIfNull(mine);
        ArgumentNullException.ThrowIfNull(theirs);
        return [.. mine.Keys.Union(theirs.Keys, StringComparer.Ordinal)
            .Where(prefix => !mine.TryGetValue(prefix, out var a) || !theirs.TryGetValue(prefix, out var b) || a != b)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>What <paramref name="mine"/> holds in <paramref name="prefix"/> that <paramref name="theirs"/> lacks, sorted.</summary>
    public static IReadOnlyList<string> MissingIn(IEnumerable<string> mine, IEnumerable<string> theirs, string prefix)
    {
        ArgumentNullException.ThrowIfNull(mine);
        var present = new HashSet<string>(theirs, StringComparer.Ordinal);
        return [.. mine.Where(h => h.StartsWith(prefix, StringComparison.Ordinal) && !present.Contains(h)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The wire text: one <c>prefix count digest</c> line per range.</summary>
    public static string Print(IEnumerable<RangeDigest> digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var text = new StringBuilder();
        foreach (var digest in digests.OrderBy(d => d.Prefix, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{digest.Prefix} {digest.Count} {digest.Digest}\n");
        }

        return text.ToString();
    }

    /// <summary>Reads <see cref="Print"/>'s text; malformed lines make it throw <see cref="FormatException"/> (a peer bug, not an expected failure).</summary>
    public static IReadOnlyDictionary<string, RangeDigest> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digests = new Dictionary<string, RangeDigest>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length != 3 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"not a range digest line: '{line}'");
            }

            digests[fields[0]] = new RangeDigest(fields[0], count, fields[2]);
        }

        return digests;
    }
}

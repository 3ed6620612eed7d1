using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AsterFarm.Shared.Nar;

namespace AsterFarm.Bench;

/// <summary>
/// NAR write + SHA-256 of a 1 GiB tree against raw in-memory SHA-256 of the same amount of data; the target is a
/// ratio of at least 0.8. Usage: <c>nar-hash [DIRECTORY]</c> (the tree is made once under DIRECTORY, default /tmp).
/// </summary>
public static class NarHashBenchmark
{
    private const long LargeFileSize = 224L << 20;
    private const int LargeFiles = 4;
    private const int SmallFiles = 4096;
    private const int SmallFileSize = 32 << 10;
    private const int RawBufferSize = 1 << 20;
    private const int Rounds = 3;

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = Path.Combine(args.Length > 0 ? args[0] : Path.GetTempPath(), "asterfarm-nar-bench-1gib");
        var treeBytes = EnsureTree(root);

        var nar = NarWriter.Hash(root); // Untimed: warms the page cache and the JIT.

        // The build machine is shared: alternate the two measurements and keep the best of each, so that a burst of
        // someone else's load does not land on one side only.
        var narSeconds = double.MaxValue;
        var rawSeconds = double.MaxValue;
        for (var round = 0; round < Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            nar = NarWriter.Hash(root);
            narSeconds = Math.Min(narSeconds, clock.Elapsed.TotalSeconds);
            rawSeconds = Math.Min(rawSeconds, RawSha256Seconds(nar.NarSize));
        }
        var narMiBps = nar.NarSize / (1024.0 * 1024.0) / narSeconds;
        var rawMiBps = nar.NarSize / (1024.0 * 1024.0) / rawSeconds;
        var ratio = narMiBps / rawMiBps;
        var report = new Dictionary<string, object>
        {
            ["benchmark"] = "nar-hash",
            ["tree"] = root,
            ["tree_bytes"] = treeBytes,
            ["nar_size"] = nar.NarSize,
            ["nar_hash"] = nar.NarHash.ToString(),
            ["raw_sha256_mib_s"] = Math.Round(rawMiBps, 1),
            ["nar_sha256_mib_s"] = Math.Round(narMiBps, 1),
            ["ratio"] = Math.Round(ratio, 3),
            ["rounds"] = Rounds,
            ["target_met"] = ratio >= 0.8,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return 0;
    }

    private static double RawSha256Seconds(long bytes)
    {
        var buffer = new byte[RawBufferSize];
        new Random(1).NextBytes(buffer);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(buffer);
        hash.GetHashAndReset();
        var clock = Stopwatch.StartNew();
        for (var remaining = bytes; remaining > 0; remaining -= buffer.Length)
        {
            hash.AppendData(buffer, 0, (int)Math.Min(buffer.Length, remaining));
        }

        hash.GetHashAndReset();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>A few large files and many small ones in nested directories, 1 GiB in all; reused when complete.</summary>
    private static long EnsureTree(string root)
    {
        var marker = root + ".complete";
        var total = (LargeFiles * LargeFileSize) + ((long)SmallFiles * SmallFileSize);
        if (File.Exists(marker))
        {
            return total;
        }

        // Anything there without the marker beside it is a tree whose creation was interrupted.
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        var random = new Random(42);
        var block = new byte[RawBufferSize];
        for (var i = 0; i < LargeFiles; i++)
        {
            using var file = File.Create(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "large")).FullName, $"blob{i}"));
            for (long written = 0; written < LargeFileSize; written += block.Length)
            {
                random.NextBytes(block);
                file.Write(block);
            }
        }

        var small = new byte[SmallFileSize];
        for (var i = 0; i < SmallFiles; i++)
        {
            var dir = Directory.CreateDirectory(Path.Combine(root, "small", (i % 64).ToString("d2", CultureInfo.InvariantCulture)));
            random.NextBytes(small);
            File.WriteAllBytes(Path.Combine(dir.FullName, $"f{i}"), small);
        }

        File.WriteAllText(marker, string.Empty);
        return total;
    }
}

using System.Diagnostics;
using System.Text.Json;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Bench;

/// <summary>
/// Parses and hashes a nixpkgs-shaped closure of 100,000 <c>.drv</c> files from their bytes: drv paths,
/// <c>hashDerivationModulo</c> and output paths of every derivation, each checked against what the file states.
/// Prints one JSON object; the target is under 2 s and under 1 GiB peak working set.
/// Arguments: <c>[count] [seed]</c>.
/// </summary>
public static class DerivationClosureBenchmark
{
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var seed = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2022;
        var store = StoreDir.Default;
        var closure = SyntheticClosure.Generate(store, count, seed);
        var bytesByPath = new Dictionary<StorePath, byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            bytesByPath[closure.DrvPaths[i]] = closure.Files[i];
        }

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        var stopwatch = Stopwatch.StartNew();
        var checker = new DerivationClosure(store, path => bytesByPath.GetValueOrDefault(path));
        var results = checker.VerifyAll(closure.DrvPaths);
        stopwatch.Stop();

        var invalid = results.Count(r => !r.IsValid);
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        var gcPauseSeconds = (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds;
        var peakMib = process.PeakWorkingSet64 / (1024.0 * 1024.0);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var report = new
        {
            benchmark = "derivation-closure",
            derivations = results.Count,
            total_bytes = closure.TotalBytes,
            seconds = Math.Round(seconds, 3),
            // The machine is shared; CPU time shows the cost when other work steals the cores.
            cpu_seconds = Math.Round(cpuSeconds, 3),
            gc_pause_seconds = Math.Round(gcPauseSeconds, 3),
            per_derivation_us = Math.Round(seconds * 1e6 / results.Count, 2),
            peak_working_set_mib = Math.Round(peakMib, 1),
            invalid_derivations = invalid,
            target_met = seconds < 2.0 && peakMib < 1024 && invalid == 0 && results.Count == count,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return invalid == 0 && results.Count == count ? 0 : 1;
    }
}

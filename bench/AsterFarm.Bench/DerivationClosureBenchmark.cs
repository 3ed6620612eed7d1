using System.Diagnostics;
using System.Text.Json;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Bench;

/// <summary>
/// Parses and hashes a nixpkgs-shaped closure of 100,000 <c>.drv</c> files from their bytes: drv paths,
/// <c>hashDerivationModulo</c> and output paths of every derivation, each checked against what the file states.
/// Prints one JSON object per round; the target is under 2 s and under 1 GiB peak working set.
/// Arguments: <c>[count] [seed] [rounds]</c>. Before timing, a small closure of 500 derivations is verified 40 times
/// (more than the 30 calls after which the runtime recompiles a method optimised), then the runtime gets a moment to
/// finish that in the background, so that the timed pass runs tier-1 code as a long-running coordinator would: the
/// figure is a throughput, not a cold start.
/// </summary>
public static class DerivationClosureBenchmark
{
    private const int WarmUpCount = 500;
    private const int WarmUpPasses = 40;

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var seed = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2022;
        var rounds = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1;
        var store = StoreDir.Default;
        var closure = SyntheticClosure.Generate(store, count, seed);
        var bytesByPath = new Dictionary<StorePath, byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            bytesByPath[closure.DrvPaths[i]] = closure.Files[i];
        }

        WarmUp(store, seed);
        var exit = 0;
        for (var round = 0; round < rounds; round++)
        {
            exit |= Measure(store, closure, bytesByPath, count);
        }

        return exit;
    }

    // Runs the whole verification once on a different, small closure: tier-1 code for the timed pass.
    private static void WarmUp(StoreDir store, int seed)
    {
        var small = SyntheticClosure.Generate(store, WarmUpCount, seed + 1);
        var bytes = new Dictionary<StorePath, byte[]>(WarmUpCount);
        for (var i = 0; i < WarmUpCount; i++)
        {
            bytes[small.DrvPaths[i]] = small.Files[i];
        }

        for (var pass = 0; pass < WarmUpPasses; pass++)
        {
            _ = new DerivationClosure(store, path => bytes.GetValueOrDefault(path)).VerifyAll(small.DrvPaths);
        }

        // Tier-1 recompilation runs on a background thread after a short delay.
        Thread.Sleep(500);
    }

    // Under `perf record --control fifo:CTL -D -1`, profiles only the timed passes (ASTERFARM_PERF_CTL=CTL).
    private static void PerfControl(string command)
    {
        if (Environment.GetEnvironmentVariable("ASTERFARM_PERF_CTL") is { Length: > 0 } fifo)
        {
            File.AppendAllText(fifo, command + "\n");
        }
    }

    private static int Measure(StoreDir store, SyntheticClosure closure, Dictionary<StorePath, byte[]> bytesByPath, int count)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        int[] gcBefore = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        PerfControl("enable");
        var stopwatch = Stopwatch.StartNew();
        var checker = new DerivationClosure(store, path => bytesByPath.GetValueOrDefault(path));
        var results = checker.VerifyAll(closure.DrvPaths);
        stopwatch.Stop();
        PerfControl("disable");

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
            // Collections of generations 0, 1 and 2 (each counts those of higher generations too).
            gc_counts = new[] { GC.CollectionCount(0) - gcBefore[0], GC.CollectionCount(1) - gcBefore[1], GC.CollectionCount(2) - gcBefore[2] },
            allocated_mib = Math.Round((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (1024.0 * 1024.0), 1),
            per_derivation_us = Math.Round(seconds * 1e6 / results.Count, 2),
            peak_working_set_mib = Math.Round(peakMib, 1),
            invalid_derivations = invalid,
            load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
            target_met = seconds < 2.0 && peakMib < 1024 && invalid == 0 && results.Count == count,
        };
        Console.WriteLine(JsonSerializer.Serialize(report));
        return invalid == 0 && results.Count == count ? 0 : 1;
    }
}

using AsterFarm.Bench;

// Each benchmark prints one JSON object with its figures and whether its target was met;
// commands and the latest figures are recorded in bench/README.md.
var benchmarks = new Dictionary<string, Func<string[], int>>(StringComparer.Ordinal)
{
    ["nar-hash"] = NarHashBenchmark.Run,
    ["drv-closure"] = DerivationClosureBenchmark.Run,
    ["scheduler-recovery"] = AsterFarm.Bench.SchedulerRecovery.SchedulerRecoveryBenchmark.Run,
    ["dashboard-run-page"] = AsterFarm.Bench.Dashboard.RunPageBenchmark.Run,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: AsterFarm.Bench <{string.Join('|', benchmarks.Keys)}> [options] (see bench/README.md)");
    return 2;
}

return run(args[1..]);

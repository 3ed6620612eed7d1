using AsterFarm.Bench.Builder;

// Builder benchmarks; commands and figures in bench/README-builder.md.
return args.FirstOrDefault() switch
{
    "realise-overhead" => await RealiseOverheadBenchmark.RunAsync(args[1..]),
    "qemu-slowdown" => await QemuSlowdownBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AsterFarm.Bench.Builder <realise-overhead --cache URL --token-file F [--count N] | qemu-slowdown>");
    return 2;
}

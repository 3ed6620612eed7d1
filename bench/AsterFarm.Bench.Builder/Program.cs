using AsterFarm.Bench.Builder;

// Builder benchmarks; commands and figures in bench/README-builder.md.
return args.FirstOrDefault() switch
{
    "realise-overhead" => await RealiseOverheadBenchmark.RunAsync(args[1..]),
    "qemu-slowdown" => await QemuSlowdownBenchmark.RunAsync(),
    "remote-overhead" => await RemoteOverheadBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AsterFarm.Bench.Builder <realise-overhead --cache URL --token-file F [--count N] | qemu-slowdown | remote-overhead --cache URL --token-file F --machines FILE --nix-builders B [--nix-sshopts O] [--count N] [--rounds R]>");
    return 2;
}

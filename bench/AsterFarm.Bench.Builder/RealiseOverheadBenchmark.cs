using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Sandbox;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.Store;

namespace AsterFarm.Bench.Builder;

/// <summary>
/// Per-derivation overhead: a chain of N trivial derivations realised one after another by the builder (fetch,
/// sandbox, build, NAR, upload to a local cache) versus <c>nix-build --option sandbox false</c> of the same chain.
/// Target: ours ≤ 0.5 × Nix's time per derivation.
/// </summary>
internal static class RealiseOverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var cache = new Uri(Value(args, "--cache") ?? throw new ArgumentException("--cache URL is required"));
        var token = (await File.ReadAllTextAsync(Value(args, "--token-file") ?? throw new ArgumentException("--token-file is required"))).Trim();
        var count = int.Parse(Value(args, "--count") ?? "200", CultureInfo.InvariantCulture);
        var unique = Guid.NewGuid().ToString("N")[..10];
        var work = Directory.CreateTempSubdirectory("asterfarm-bench-realise-").FullName;
        // Builds run as an unprivileged user (AsterFarm:Sandbox:BuildUser) that must reach the store and work directories.
        File.SetUnixFileMode(work, (UnixFileMode)0b111_101_101);
        try
        {
            var expression = Path.Combine(work, "chain.nix");
            await File.WriteAllTextAsync(expression, $$"""
                let step = i: prev: derivation { name = "chain-{{unique}}-${toString i}"; system = "x86_64-linux"; builder = "/bin/sh";
                  args = [ "-c" "echo ${toString i} > $out" ]; dep = if prev == null then "" else prev; };
                  go = i: prev: let d = step i prev; in if i == {{count}} then [ d ] else [ d ] ++ go (i + 1) d;
                in go 1 null
                """);
            var drvs = (await Shell.RunAsync("nix-instantiate", expression)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => StoreDir.Default.Parse(l.Trim())).ToArray();
            using var http = new HttpClient { BaseAddress = cache };
            var client = new BinaryCacheClient(http, token);
            using (var info = JsonDocument.Parse(await Shell.RunAsync("nix", ["path-info", "--derivation", "--json", "-r", .. drvs.Select(StoreDir.Default.Print)])))
            {
                foreach (var path in info.RootElement.EnumerateArray())
                {
                    var storePath = StoreDir.Default.Parse(path.GetProperty("path").GetString()!);
                    using var nar = new MemoryStream();
                    NarWriter.Write(StoreDir.Default.Print(storePath), nar);
                    nar.Position = 0;
                    await client.UploadPathAsync(storePath, nar, path.GetProperty("references").EnumerateArray().Select(r => StoreDir.Default.Parse(r.GetString()!)));
                }
            }

            var node = new BuilderNodeOptions { StoreDirectory = Path.Combine(work, "store"), WorkDirectory = Path.Combine(work, "work") };
            using var services = BuilderServices.Create(node, new SandboxOptions(), cache, token);
            var ours = Stopwatch.StartNew();
            var phases = RealisationTimings.Zero;
            foreach (var drv in drvs)
            {
                var result = await services.Realiser.RealiseAsync(new RealiseRequest { DrvPath = drv });
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"{drv}: {result.Failure}");
                }

                phases = new RealisationTimings(phases.Fetch + result.Timings.Fetch, phases.Setup + result.Timings.Setup, phases.Build + result.Timings.Build, phases.Scan + result.Timings.Scan, phases.Upload + result.Timings.Upload);
            }

            ours.Stop();
            var nix = Stopwatch.StartNew();
            await Shell.RunAsync("nix-build", ["--option", "sandbox", "false", "--no-out-link", "-j", "1", .. drvs.Select(StoreDir.Default.Print)]);
            nix.Stop();
            var oursPer = ours.Elapsed.TotalMilliseconds / count;
            var nixPer = nix.Elapsed.TotalMilliseconds / count;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                benchmark = "realise-overhead",
                derivations = count,
                oursMsPerDrv = Math.Round(oursPer, 1),
                nixMsPerDrv = Math.Round(nixPer, 1),
                ratio = Math.Round(oursPer / nixPer, 2),
                phasesMsPerDrv = new
                {
                    fetch = Math.Round(phases.Fetch.TotalMilliseconds / count, 1),
                    setup = Math.Round(phases.Setup.TotalMilliseconds / count, 1),
                    build = Math.Round(phases.Build.TotalMilliseconds / count, 1),
                    scan = Math.Round(phases.Scan.TotalMilliseconds / count, 1),
                    upload = Math.Round(phases.Upload.TotalMilliseconds / count, 1),
                },
                targetMet = oursPer <= 0.5 * nixPer,
            }));
            return 0;
        }
        finally
        {
            await Shell.RunAsync("/bin/rm", "-rf", work);
        }
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}

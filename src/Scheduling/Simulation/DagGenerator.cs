namespace AsterFarm.Scheduling.Simulation;

/// <summary>
/// Generates nixpkgs-like DAGs: per system the same package set (durations jittered per system), made of a long
/// stdenv bootstrap chain, a core of popular libraries, and packages whose dependencies are drawn with a bias towards
/// early, popular packages (wide fan-out) and heavy-tailed counts (wide fan-in); durations are lognormal (seconds to
/// minutes) plus a few multi-hour <c>big-parallel</c> builds (chromium, pytorch, llvm, …). Deterministic per seed.
/// </summary>
public static class DagGenerator
{
    public static readonly IReadOnlyList<string> Systems = ["x86_64-linux", "aarch64-linux", "riscv64-linux"];

    private const int BootstrapLength = 40;

    // (name, reference seconds, position in the package order as a fraction, extra heavy dependencies)
    private static readonly (string Name, double Seconds, double Position, string[] Needs)[] Heavy =
    [
        ("llvm", 5400, 0.02, []),
        ("rustc", 4200, 0.03, ["llvm"]),
        ("ghc", 3600, 0.05, []),
        ("linux", 2400, 0.10, []),
        ("webkitgtk", 5400, 0.30, []),
        ("firefox", 7200, 0.35, ["rustc", "llvm"]),
        ("qtwebengine", 9000, 0.40, []),
        ("libreoffice", 7200, 0.45, []),
        ("pytorch", 9000, 0.50, []),
        ("chromium", 12600, 0.55, ["llvm", "rustc"]),
    ];

    private static readonly string[] BootstrapTools = ["binutils", "gcc", "glibc", "bash", "coreutils", "gnumake", "perl", "python3", "gnused", "zlib"];

    public static List<DagRecord> Generate(int derivations, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(derivations, Systems.Count);
        var random = new Random(seed);
        // Rounded up; the last packages (which nothing depends on) are left out of the last system to hit the count.
        var packages = (derivations + Systems.Count - 1) / Systems.Count;
        var excess = (packages * Systems.Count) - derivations;
        var names = new string[packages];
        var seconds = new double[packages];
        var bytes = new long[packages];
        var features = new bool[packages];
        var deps = new List<int>[packages];
        var bootstrap = Math.Min(BootstrapLength, packages);
        var heavyAt = new Dictionary<int, (string Name, double Seconds, double Position, string[] Needs)>();
        foreach (var heavy in Heavy)
        {
            // In small DAGs heavy builds may collide on one position; the first wins.
            heavyAt.TryAdd(Math.Min(packages - 1, bootstrap + (int)(heavy.Position * packages)), heavy);
        }

        var heavyIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < packages; i++)
        {
            deps[i] = [];
            bytes[i] = (long)LogNormal(random, 2e6, 1.5);
            if (i < bootstrap)
            {
                // The stdenv bootstrap: each stage rebuilds the toolchain with the previous one.
                var tool = BootstrapTools[i % BootstrapTools.Length];
                names[i] = $"stdenv-stage{i / BootstrapTools.Length}-{tool}-1.0";
                seconds[i] = tool switch { "gcc" => 900, "glibc" => 500, _ => LogNormal(random, 60, 0.6) };
                if (i > 0)
                {
                    deps[i].Add(i - 1);
                }

                continue;
            }

            deps[i].Add(bootstrap - 1);
            if (heavyAt.TryGetValue(i, out var heavy) && !heavyIndex.ContainsKey(heavy.Name))
            {
                names[i] = $"{heavy.Name}-{random.Next(1, 130)}.0.{random.Next(10)}";
                seconds[i] = heavy.Seconds;
                features[i] = true;
                bytes[i] = 300_000_000;
                heavyIndex[heavy.Name] = i;
                deps[i].AddRange(heavy.Needs.Where(heavyIndex.ContainsKey).Select(name => heavyIndex[name]));
            }
            else
            {
                names[i] = $"pkg{i}-{random.Next(10)}.{random.Next(20)}";
                seconds[i] = Math.Clamp(LogNormal(random, 40, 1.2), 2, 3 * 3600);
            }

            // Heavy-tailed fan-in; dependencies drawn towards early packages: the popular libraries.
            var count = Math.Min(i - bootstrap, (int)Math.Round(LogNormal(random, 3, 0.8)));
            for (var k = 0; k < count; k++)
            {
                var dependency = bootstrap + (int)((i - bootstrap) * Math.Pow(random.NextDouble(), 3));
                if (dependency < i && !deps[i].Contains(dependency))
                {
                    deps[i].Add(dependency);
                }
            }
        }

        var records = new List<DagRecord>(packages * Systems.Count);
        foreach (var system in Systems)
        {
            var count = system == Systems[^1] ? packages - excess : packages;
            for (var i = 0; i < count; i++)
            {
                var jitter = 0.8 + (0.45 * random.NextDouble());
                records.Add(new DagRecord(
                    $"{system}/{names[i]}",
                    system,
                    deps[i].Select(d => $"{system}/{names[d]}").ToArray(),
                    Math.Round(seconds[i] * jitter, 1),
                    features[i] ? ["big-parallel"] : [],
                    bytes[i]));
            }
        }

        return records;
    }

    private static double LogNormal(Random random, double median, double sigma)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return median * Math.Exp(sigma * normal);
    }
}

using System.Text;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Bench;

/// <summary>
/// A deterministic, nixpkgs-shaped closure of <c>.drv</c> files generated bottom-up with AsterFarm's own hashing,
/// so that every file is named by its true drv path and states its true output paths.
/// </summary>
internal sealed class SyntheticClosure
{
    private static readonly string[] Words =
    [
        "configure", "--enable-shared", "--disable-static", "make", "install", "cmake", "meson", "ninja", "patch",
        "substituteInPlace", "--replace", "export", "CFLAGS=-O2", "$out/bin", "$dev/include", "wrapProgram", "test",
        "echo", "mkdir", "-p", "cp", "-r", "ln", "-s", "rm", "-rf", "sed", "-i", "s|/usr|$out|g", "doc", "man",
    ];

    private SyntheticClosure(List<StorePath> drvPaths, List<byte[]> files)
    {
        DrvPaths = drvPaths;
        Files = files;
    }

    /// <summary>The drv paths, inputs before dependants.</summary>
    public List<StorePath> DrvPaths { get; }

    /// <summary>The file bytes, index-aligned with <see cref="DrvPaths"/>.</summary>
    public List<byte[]> Files { get; }

    public long TotalBytes => Files.Sum(f => (long)f.Length);

    public static SyntheticClosure Generate(StoreDir store, int count, int seed)
    {
        var random = new Random(seed);
        var pending = new Dictionary<StorePath, Derivation>();
        var hasher = new DerivationHasher(store, path => pending.GetValueOrDefault(path));
        var drvPaths = new List<StorePath>(count);
        var files = new List<byte[]>(count);
        var outputsOf = new List<(string Name, StorePath Path)[]>(count);
        var sources = Enumerable.Range(0, 64)
            .Select(i => store.MakeTextPath($"source-{i}.sh", Encoding.UTF8.GetBytes($"echo {i}"), []))
            .ToArray();
        var bash = store.MakeTextPath("bash-5.2-p15", "bash"u8, []);
        for (var i = 0; i < count; i++)
        {
            var drv = i % 10 == 0
                ? FixedOutputDerivation(store, random, i)
                : Regular(store, random, i, drvPaths, outputsOf, sources, bash);
            drv = hasher.FillInOutputPaths(drv);
            var bytes = DerivationPrinter.Print(drv, store);
            var drvPath = DerivationHashes.DrvPath(store, drv, bytes);
            pending[drvPath] = drv;
            hasher.HashModulo(drvPath);
            pending.Remove(drvPath);
            drvPaths.Add(drvPath);
            files.Add(bytes);
            outputsOf.Add([.. drv.Outputs.Select(o => (o.Key, o.Value.Path!.Value))]);
        }

        return new SyntheticClosure(drvPaths, files);
    }

    private static Derivation FixedOutputDerivation(StoreDir store, Random random, int index)
    {
        var name = $"source-{index}.tar.gz";
        var hash = new NixHash(HashAlgo.Sha256, RandomBytes(random, 32));
        var placeholder = store.MakeFixedOutputPath(FileIngestionMethod.Flat, hash, name);
        return Derivation.Create(
            [KeyValuePair.Create("out", (DerivationOutput)new FixedOutput(placeholder, FileIngestionMethod.Flat, hash))],
            [],
            [],
            "x86_64-linux",
            "builtin:fetchurl",
            [],
            [
                KeyValuePair.Create("builder", "builtin:fetchurl"),
                KeyValuePair.Create("name", name),
                KeyValuePair.Create("out", string.Empty),
                KeyValuePair.Create("outputHash", hash.ToBase32()),
                KeyValuePair.Create("outputHashAlgo", "sha256"),
                KeyValuePair.Create("outputHashMode", "flat"),
                KeyValuePair.Create("system", "x86_64-linux"),
                KeyValuePair.Create("url", $"https://example.org/releases/{name}"),
                KeyValuePair.Create("urls", $"https://example.org/releases/{name} https://mirror.example.org/{name}"),
            ]);
    }

    private static Derivation Regular(
        StoreDir store,
        Random random,
        int index,
        List<StorePath> drvPaths,
        List<(string Name, StorePath Path)[]> outputsOf,
        StorePath[] sources,
        StorePath bash)
    {
        var name = $"package-{index}-{random.Next(1, 20)}.{random.Next(0, 10)}";
        string[] outputNames = random.Next(3) switch
        {
            0 => ["out"],
            1 => ["out", "dev"],
            _ => new[] { "out", "dev", "lib", "man" }[..random.Next(2, 5)],
        };
        var inputDrvs = new Dictionary<StorePath, List<string>>();
        var buildInputs = new StringBuilder();
        var wantedInputs = Math.Min(drvPaths.Count, random.Next(5, 31));
        while (inputDrvs.Count < wantedInputs)
        {
            // Prefer recent derivations a little, as a real package set's layers do.
            var pick = drvPaths.Count - 1 - (int)(Math.Pow(random.NextDouble(), 2) * drvPaths.Count);
            var outputs = outputsOf[pick];
            var chosen = outputs[random.Next(outputs.Length)];
            if (!inputDrvs.TryGetValue(drvPaths[pick], out var wanted))
            {
                inputDrvs[drvPaths[pick]] = wanted = [];
            }

            if (!wanted.Contains(chosen.Name))
            {
                wanted.Add(chosen.Name);
                buildInputs.Append(store.Print(chosen.Path)).Append(' ');
            }
        }

        var src = sources[random.Next(sources.Length)];
        var env = new Dictionary<string, string>
        {
            ["__structuredAttrs"] = string.Empty,
            ["buildInputs"] = buildInputs.ToString().TrimEnd(),
            ["builder"] = store.Print(bash) + "/bin/bash",
            ["cmakeFlags"] = string.Empty,
            ["configureFlags"] = "--enable-shared --disable-static --with-\"quoted\" path\\with\\backslash",
            ["depsBuildBuild"] = string.Empty,
            ["doCheck"] = random.Next(2) == 0 ? "1" : string.Empty,
            ["mesonFlags"] = string.Empty,
            ["name"] = name,
            ["nativeBuildInputs"] = string.Empty,
            ["outputs"] = string.Join(' ', outputNames),
            ["patches"] = string.Empty,
            ["pname"] = $"package-{index}",
            ["src"] = store.Print(src),
            ["stdenv"] = string.Empty,
            ["strictDeps"] = string.Empty,
            ["system"] = "x86_64-linux",
            ["version"] = "1.0",
        };
        foreach (var output in outputNames)
        {
            env[output] = string.Empty;
        }

        // Bring the file to 2-10 KiB, skewed to the small end like nixpkgs, with a build script.
        var target = 2048 + (int)(Math.Pow(random.NextDouble(), 2) * 8192);
        var script = new StringBuilder("runHook preInstall\n");
        var size = env.Sum(kv => kv.Key.Length + kv.Value.Length + 8) + inputDrvs.Count * 80 + 400;
        while (size + script.Length < target)
        {
            script.Append(Words[random.Next(Words.Length)]).Append(random.Next(8) == 0 ? "\n\t" : " ");
        }

        env["installPhase"] = script.Append("\nrunHook postInstall é\n").ToString();
        return Derivation.Create(
            outputNames.Select(o => KeyValuePair.Create(o, (DerivationOutput)DeferredOutput.Instance)),
            inputDrvs.Select(kv => KeyValuePair.Create(kv.Key, (IEnumerable<string>)kv.Value)),
            [src],
            "x86_64-linux",
            store.Print(bash) + "/bin/bash",
            ["-e", store.Print(sources[0])],
            env);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}

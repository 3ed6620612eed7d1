using System.Text;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>Instantiates Nix expressions with real Nix and checks AsterFarm's reading and hashing of the results.</summary>
internal static class NixDerivations
{
    public static readonly StoreDir Store = StoreDir.Default;

    /// <summary>Writes <paramref name="expression"/> to a file, runs <c>nix-instantiate</c> on it and returns the drv paths.</summary>
    public static IReadOnlyList<StorePath> Instantiate(string expression)
    {
        using var dir = new TempDirectory("asterfarm-drv");
        var file = dir.Combine("default.nix");
        File.WriteAllText(file, expression, new UTF8Encoding(false));
        var output = NixTool.Run("nix-instantiate", [file], dir.Path);
        // A derivation whose first output is not `out` is printed as `<drv>!<output>`.
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Store.Parse(line.Trim().Split('!')[0]))
            .ToArray();
    }

    /// <summary>Nix's output paths of the given derivations (<c>nix-store -q --outputs</c>).</summary>
    public static HashSet<StorePath> NixOutputs(IEnumerable<StorePath> drvPaths)
    {
        var output = NixTool.Run("nix-store", ["-q", "--outputs", .. drvPaths.Select(Store.Print)]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => Store.Parse(line.Trim())).ToHashSet();
    }

    /// <summary>
    /// Asserts for each drv that printing round-trips its bytes, that its drv path and every output path we compute
    /// are Nix's; <paramref name="context"/> (the Nix expression) is shown on failure.
    /// </summary>
    public static void AssertWeAgreeWithNix(IReadOnlyList<StorePath> drvPaths, string context)
    {
        var closure = DerivationClosure.FromDirectory(Store, Store.Path);
        var ours = new HashSet<StorePath>();
        foreach (var drvPath in drvPaths)
        {
            var bytes = File.ReadAllBytes(Store.Print(drvPath));
            var drv = DerivationParser.Parse(bytes, Store);
            var printed = DerivationPrinter.Print(drv, Store);
            Assert.True(bytes.AsSpan().SequenceEqual(printed), $"printing {drvPath} does not give Nix's bytes\n{context}");
            var computedDrvPath = DerivationHashes.DrvPath(Store, drv, bytes);
            Assert.True(drvPath == computedDrvPath, $"drv path: Nix {drvPath}, ours {computedDrvPath}\n{context}");
            var verification = closure.Verify(drvPath);
            Assert.True(verification.IsValid, $"{drvPath}: {string.Join("; ", verification.Mismatches)}\n{context}");
            foreach (var path in verification.OutputPaths.Values)
            {
                ours.Add(path ?? throw new InvalidOperationException($"{drvPath} has an output without a path\n{context}"));
            }
        }

        var nix = NixOutputs(drvPaths);
        Assert.True(nix.SetEquals(ours), $"output paths: Nix [{string.Join(", ", nix.Order())}], ours [{string.Join(", ", ours.Order())}]\n{context}");
    }
}

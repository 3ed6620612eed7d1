using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>A two-derivation chain whose leaf has an input source, instantiated by real Nix; unique per call.</summary>
internal sealed record NixChain(StorePath Root, StorePath Dependency, StorePath Source)
{
    public static NixChain Instantiate(TempDirectory directory, string label)
    {
        var unique = label + "-" + Guid.NewGuid().ToString("N")[..8];
        var dir = directory.Combine(unique);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "build.sh"), $"echo {unique} > $out\n");
        File.WriteAllText(Path.Combine(dir, "default.nix"), $$"""
            let leaf = derivation { name = "leaf-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ ./build.sh ]; };
            in derivation { name = "root-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "cat ${leaf} > $out" ]; }
            """);
        var root = NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [Path.Combine(dir, "default.nix")], dir).Trim());
        var references = NixTool.Run("nix-store", ["--query", "--requisites", NixDerivations.Store.Print(root)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NixDerivations.Store.Parse).ToList();
        return new NixChain(root, references.Single(p => p.IsDerivation && p != root), references.Single(p => !p.IsDerivation));
    }
}

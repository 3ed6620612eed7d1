using System.Globalization;
using System.Text;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// A generated DAG of quick x86_64 derivations, instantiated by real Nix and unique per call: <c>layers</c> layers of
/// <c>width</c> derivations, each depending on two of the layer below (its output names their outputs, so they are in
/// its closure), and one root depending on the top layer. The first derivation of the bottom layer may sleep first,
/// so that a test can catch it running.
/// </summary>
internal sealed record NixDag(StorePath Root, IReadOnlyList<StorePath> Derivations, StorePath? Slow)
{
    public static NixDag Instantiate(TempDirectory directory, string label, int width, int layers, int slowSeconds = 0)
    {
        var unique = label + "-" + Guid.NewGuid().ToString("N")[..8];
        var dir = directory.Combine(unique);
        Directory.CreateDirectory(dir);
        var nix = new StringBuilder("let\n  mk = name: script: derivation { inherit name; system = \"x86_64-linux\"; builder = \"/bin/sh\"; args = [ \"-c\" script ]; };\n");
        for (var layer = 0; layer < layers; layer++)
        {
            for (var i = 0; i < width; i++)
            {
                var name = Name(layer, i);
                var inputs = layer == 0 ? string.Empty : $" ${{{Name(layer - 1, i)}}} ${{{Name(layer - 1, (i + 1) % width)}}}";
                var sleep = layer == 0 && i == 0 && slowSeconds > 0 ? $"/bin/sleep {slowSeconds.ToString(CultureInfo.InvariantCulture)}; " : string.Empty;
                nix.Append(CultureInfo.InvariantCulture, $"  {name} = mk \"{unique}-{name}\" \"{sleep}echo {name}{inputs} > $out\";\n");
            }
        }

        var top = string.Join(' ', Enumerable.Range(0, width).Select(i => $"${{{Name(layers - 1, i)}}}"));
        nix.Append(CultureInfo.InvariantCulture, $"in mk \"{unique}-root\" \"echo {top} > $out\"\n");
        File.WriteAllText(Path.Combine(dir, "default.nix"), nix.ToString());
        var root = NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [Path.Combine(dir, "default.nix")], dir).Trim());
        var derivations = NixTool.Run("nix-store", ["--query", "--requisites", NixDerivations.Store.Print(root)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NixDerivations.Store.Parse).Where(p => p.IsDerivation).ToList();
        var slow = slowSeconds > 0 ? derivations.Single(p => p.Name == $"{unique}-{Name(0, 0)}.drv") : (StorePath?)null;
        return new NixDag(root, derivations, slow);
    }

    private static string Name(int layer, int i) => string.Create(CultureInfo.InvariantCulture, $"d{layer}x{i}");
}

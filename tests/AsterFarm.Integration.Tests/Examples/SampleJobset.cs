using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Examples;

/// <summary>The sample jobset <c>examples/asternixos-mini</c> of the repository these tests were built from.</summary>
internal static class SampleJobset
{
    public static readonly string[] Architectures = ["x86_64", "aarch64", "riscv64"];

    public static string Directory { get; } = Locate();

    public static string BuildScript => Path.Combine(Directory, "build-with-nix.sh");

    /// <summary>The root derivations (every attribute of <c>default.nix</c>), as <c>nix-instantiate</c> writes them.</summary>
    public static IReadOnlyList<StorePath> Instantiate() =>
        NixTool.Run("nix-instantiate", [Path.Combine(Directory, "default.nix")])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => NixDerivations.Store.Parse(line.Trim()))
            .ToArray();

    /// <summary>Every derivation the roots need, themselves included (<c>nix-store -qR</c>, .drv files only).</summary>
    public static IReadOnlyList<StorePath> DerivationClosure(IEnumerable<StorePath> roots) =>
        NixTool.Run("nix-store", ["-qR", .. roots.Select(NixDerivations.Store.Print)])
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => NixDerivations.Store.Parse(line.Trim()))
            .Where(path => path.Name.ToString().EndsWith(".drv", StringComparison.Ordinal))
            .ToArray();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "asternixos-mini");
            if (File.Exists(Path.Combine(candidate, "default.nix")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("examples/asternixos-mini not found above " + AppContext.BaseDirectory);
    }
}

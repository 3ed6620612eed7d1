using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Partitions;

/// <summary>
/// Derivations that each sleep a while, every one depending on the one before, instantiated by real Nix; unique per
/// call. Sleeping keeps a build in flight long enough to cut its node off mid-build (builds have no PATH, hence the
/// absolute paths).
/// </summary>
internal static class SleepingChain
{
    /// <summary>One derivation per entry of <paramref name="seconds"/>, in chain order (the last one is the root).</summary>
    public static IReadOnlyList<StorePath> Instantiate(TempDirectory directory, string label, params int[] seconds)
    {
        var unique = label + "-" + Guid.NewGuid().ToString("N")[..8];
        var dir = directory.Combine(unique);
        Directory.CreateDirectory(dir);
        var bindings = seconds.Select((sleep, i) =>
        {
            var previous = i == 0 ? string.Empty : $"/bin/cat ${{d{i - 1}}} > $out; ";
            return $$"""d{{i}} = derivation { name = "{{unique}}-{{i}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "{{previous}}/bin/sleep {{sleep}}; echo {{unique}}-{{i}} >> $out" ]; };""";
        });
        var file = Path.Combine(dir, "default.nix");
        File.WriteAllText(file, $"rec {{ {string.Join('\n', bindings)} }}\n");
        return [.. seconds.Select((_, i) => NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [file, "-A", $"d{i}"], dir).Trim()))];
    }
}

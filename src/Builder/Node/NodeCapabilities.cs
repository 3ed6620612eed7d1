using AsterFarm.Builder.Sandbox.Qemu;
using AsterFarm.Shared.Derivations;

namespace AsterFarm.Builder.Node;

/// <summary>
/// The systems and features one node can build, resolved from <see cref="BuilderNodeOptions"/> and the emulators found
/// on this machine; decides before anything is fetched whether a derivation can be built here.
/// </summary>
public sealed class NodeCapabilities
{
    /// <summary>The pseudo-system of <c>builtin:</c> builders, which every node runs in-process.</summary>
    public const string BuiltinSystem = "builtin";

    private readonly Dictionary<string, QemuEmulator> _emulators;

    public NodeCapabilities(BuilderNodeOptions options, IEnumerable<QemuEmulator> availableEmulators)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeSystems = options.NativeSystems.ToHashSet(StringComparer.Ordinal);
        Features = options.Features.ToHashSet(StringComparer.Ordinal);
        var wanted = options.EmulatedSystems.ToHashSet(StringComparer.Ordinal);
        _emulators = availableEmulators
            .Where(e => wanted.Contains(e.System) && !NativeSystems.Contains(e.System))
            .GroupBy(e => e.System, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Capabilities with the emulators found on PATH.</summary>
    public static NodeCapabilities Discover(BuilderNodeOptions options) => new(options, QemuDiscovery.Discover());

    public IReadOnlySet<string> NativeSystems { get; }

    public IReadOnlySet<string> Features { get; }

    /// <summary>The emulated systems actually offered (configured and with an emulator on this machine).</summary>
    public IReadOnlyCollection<string> EmulatedSystems => _emulators.Keys;

    /// <summary>The emulator for <paramref name="system"/>, or null when it is native (or builtin).</summary>
    public QemuEmulator? EmulatorFor(string system) =>
        _emulators.GetValueOrDefault(system);

    /// <summary>Why this node cannot build <paramref name="derivation"/> (Nix's wording), or null when it can.</summary>
    public string? WhyCannotBuild(Derivation derivation, string drvPath)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        var required = RequiredFeatures(derivation);
        var systemOk = NativeSystems.Contains(derivation.System)
            || _emulators.ContainsKey(derivation.System)
            || (derivation.System == BuiltinSystem && derivation.Builder.StartsWith("builtin:", StringComparison.Ordinal));
        var missing = required.Where(f => !Features.Contains(f)).ToArray();
        if (systemOk && missing.Length == 0)
        {
            return null;
        }

        var systems = string.Join(", ", NativeSystems.Select(s => $"'{s}'").Concat(_emulators.Keys.Select(s => $"'{s}' (emulated)")));
        return $"a '{derivation.System}' with features {{{string.Join(", ", required)}}} is required to build '{drvPath}', " +
            $"but I am a {systems} with features {{{string.Join(", ", Features.Order(StringComparer.Ordinal))}}}";
    }

    /// <summary>The derivation's <c>requiredSystemFeatures</c> (a space-separated attribute, or a list in structured attrs).</summary>
    public static IReadOnlyList<string> RequiredFeatures(Derivation derivation)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        if (derivation.Env.TryGetValue("__json", out var json))
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("requiredSystemFeatures", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array
                ? [.. list.EnumerateArray().Select(e => e.GetString() ?? string.Empty).Order(StringComparer.Ordinal)]
                : [];
        }

        return derivation.Env.TryGetValue("requiredSystemFeatures", out var text)
            ? [.. text.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
            : [];
    }
}

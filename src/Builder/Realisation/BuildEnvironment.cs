using System.Collections.Immutable;
using System.Text;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// The environment and build-directory files Nix 2.8 gives a builder (nix-formats.md §8.1, §8.2), computed from the
/// derivation alone: <see cref="Variables"/> for the process and <see cref="Files"/> to create in the build directory
/// (passAsFile values, <c>.attrs.json</c>, <c>.attrs.sh</c>) before it starts.
/// </summary>
public sealed record BuildEnvironment(
    ImmutableSortedDictionary<string, string> Variables,
    ImmutableSortedDictionary<string, byte[]> Files)
{
    /// <summary>Where the build directory appears to the builder (Nix's sandbox uses <c>/build</c>).</summary>
    public const string SandboxBuildDirectory = "/build";

    /// <summary>
    /// Computes the environment. <paramref name="outputPaths"/> maps each output to its path (the derivation's own for
    /// input-addressed and fixed outputs); <paramref name="hostEnvironment"/> supplies a fixed-output derivation's
    /// <c>impureEnvVars</c> (the build environment the operator names, see <see cref="ImpureVariables"/>; never the
    /// node's own environment).
    /// </summary>
    public static BuildEnvironment Create(
        Derivation derivation,
        StoreDir storeDir,
        IReadOnlyDictionary<string, StorePath> outputPaths,
        int cores,
        string buildDirectory = SandboxBuildDirectory,
        Func<string, string?>? hostEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(derivation);
        ArgumentNullException.ThrowIfNull(storeDir);
        ArgumentNullException.ThrowIfNull(outputPaths);
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/path-not-set",
            ["HOME"] = "/homeless-shelter",
            ["NIX_STORE"] = storeDir.Path,
            ["NIX_BUILD_CORES"] = cores.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        IEnumerable<string> impureEnvVars;
        if (derivation.Env.TryGetValue(StructuredAttrs.JsonEnvKey, out var json))
        {
            var attrs = StructuredAttrs.Parse(json, derivation.Name);
            files[StructuredAttrs.JsonFileName] = attrs.ToAttrsJson(outputPaths.ToDictionary(o => o.Key, o => storeDir.Print(o.Value)));
            files[StructuredAttrs.ShellFileName] = attrs.ToAttrsShell(outputPaths.ToDictionary(o => o.Key, o => storeDir.Print(o.Value)));
            // Nix 2.8 points these at the host's build directory even when sandboxed (a bug fixed later); we point
            // them where the files are, as newer Nix does.
            env["NIX_ATTRS_JSON_FILE"] = $"{buildDirectory}/{StructuredAttrs.JsonFileName}";
            env["NIX_ATTRS_SH_FILE"] = $"{buildDirectory}/{StructuredAttrs.ShellFileName}";
            impureEnvVars = attrs.StringList("impureEnvVars");
        }
        else
        {
            var passAsFile = derivation.Env.TryGetValue("passAsFile", out var names)
                ? names.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
                : [];
            foreach (var (key, value) in derivation.Env)
            {
                if (passAsFile.Contains(key))
                {
                    var fileName = PassAsFileName(key);
                    files[fileName] = Encoding.UTF8.GetBytes(value);
                    env[key + "Path"] = $"{buildDirectory}/{fileName}";
                }
                else
                {
                    env[key] = value;
                }
            }

            impureEnvVars = derivation.Env.TryGetValue("impureEnvVars", out var impure)
                ? impure.Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)
                : [];
        }

        foreach (var name in (string[])["NIX_BUILD_TOP", "TMPDIR", "TEMPDIR", "TMP", "TEMP", "PWD"])
        {
            env[name] = buildDirectory;
        }

        if (derivation.Type == DerivationType.FixedOutput)
        {
            env["NIX_OUTPUT_CHECKED"] = "1";
            foreach (var name in impureEnvVars)
            {
                // Whatever the caller's lookup answers, the node's own settings never reach a build.
                env[name] = ImpureVariables.IsNodeSetting(name) ? string.Empty : hostEnvironment?.Invoke(name) ?? string.Empty;
            }
        }

        env["NIX_LOG_FD"] = "2";
        env["TERM"] = "xterm-256color";
        return new BuildEnvironment(
            env.ToImmutableSortedDictionary(StringComparer.Ordinal),
            files.ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary><c>.attr-&lt;base32(sha256(name))&gt;</c>, the file a <c>passAsFile</c> attribute's value is written to.</summary>
    public static string PassAsFileName(string attributeName) =>
        ".attr-" + NixHash.Sha256(Encoding.UTF8.GetBytes(attributeName)).ToBase32();
}

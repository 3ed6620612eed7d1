using AsterFarm.Builder.Sandbox;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// Where a fixed-output derivation's <c>impureEnvVars</c> get their values: only the build environment the operator
/// names (<see cref="SandboxOptions.ImpureEnvironment"/>, then the node variables listed in
/// <see cref="SandboxOptions.ImpureHostVariables"/>), never the node's environment wholesale, and never a name of the
/// node's own settings or secrets, even if an operator listed one.
/// </summary>
public sealed class ImpureVariables
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <param name="options">The sandbox settings naming the build environment.</param>
    /// <param name="nodeEnvironment">The node's environment (for <see cref="SandboxOptions.ImpureHostVariables"/>); the process's if null.</param>
    public ImpureVariables(SandboxOptions options, Func<string, string?>? nodeEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        nodeEnvironment ??= Environment.GetEnvironmentVariable;
        // Read once at start: a value the node learns later (a token it reads) can never become a build's.
        foreach (var name in options.ImpureHostVariables.Where(n => !IsNodeSetting(n)))
        {
            if (nodeEnvironment(name) is { } value)
            {
                _values[name] = value;
            }
        }

        foreach (var (name, value) in options.ImpureEnvironment.Where(v => !IsNodeSetting(v.Key)))
        {
            _values[name] = value;
        }
    }

    /// <summary>
    /// Whether <paramref name="name"/> belongs to the node's own configuration (<c>AsterFarm__…</c>, <c>ASTERFARM_…</c>,
    /// in any case): never handed to a build.
    /// </summary>
    public static bool IsNodeSetting(string name) =>
        name.StartsWith("ASTERFARM", StringComparison.OrdinalIgnoreCase);

    /// <summary>The value a build asking for <paramref name="name"/> gets, or null (Nix then passes an empty string).</summary>
    public string? Lookup(string name) => IsNodeSetting(name) ? null : _values.GetValueOrDefault(name);
}

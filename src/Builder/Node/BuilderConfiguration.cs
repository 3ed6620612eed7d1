using AsterFarm.Builder.Sandbox;
using Microsoft.Extensions.Configuration;

namespace AsterFarm.Builder.Node;

/// <summary>Binds the builder's settings: defaults, then environment variables (<c>AsterFarm__Builder__…</c>), then explicit overrides.</summary>
public static class BuilderConfiguration
{
    /// <summary>The sandbox section, <c>AsterFarm:Sandbox</c>.</summary>
    public const string SandboxSectionName = "AsterFarm:Sandbox";

    /// <summary>Reads the environment and <paramref name="overrides"/> (keys like <c>AsterFarm:Builder:Slots</c>; later wins).</summary>
    public static (BuilderNodeOptions Node, SandboxOptions Sandbox) Load(IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides ?? [])
            .Build();
        return Bind(configuration);
    }

    /// <summary>Binds both sections from <paramref name="configuration"/> (a node's: files, environment, flags).</summary>
    public static (BuilderNodeOptions Node, SandboxOptions Sandbox) Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var node = new BuilderNodeOptions();
        var sandbox = new SandboxOptions();
        var nodeSection = configuration.GetSection(BuilderNodeOptions.SectionName);
        // Binding appends to list defaults; a configured list replaces them instead.
        if (nodeSection.GetSection(nameof(BuilderNodeOptions.NativeSystems)).Exists())
        {
            node.NativeSystems = [];
        }

        if (nodeSection.GetSection(nameof(BuilderNodeOptions.EmulatedSystems)).Exists())
        {
            node.EmulatedSystems = [];
        }

        if (nodeSection.GetSection(nameof(BuilderNodeOptions.Features)).Exists())
        {
            node.Features = [];
        }

        nodeSection.Bind(node);
        var sandboxSection = configuration.GetSection(SandboxSectionName);
        if (sandboxSection.GetSection(nameof(SandboxOptions.ImpureHostPaths)).Exists())
        {
            sandbox.ImpureHostPaths = [];
        }

        if (sandboxSection.GetSection(nameof(SandboxOptions.ImpureHostVariables)).Exists())
        {
            sandbox.ImpureHostVariables = [];
        }

        sandboxSection.Bind(sandbox);
        return (node, sandbox);
    }
}

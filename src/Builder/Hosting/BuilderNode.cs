using AsterFarm.Hosting;
using AsterFarm.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;

namespace AsterFarm.Builder.Hosting;

/// <summary>A builder-role node: the cluster member that realisation (sandbox, QEMU, upload) runs in.</summary>
internal static class BuilderNode
{
    /// <summary>
    /// A builder node: cluster settings from <paramref name="overrides"/>, builder settings (<c>AsterFarm:Builder:…</c>
    /// keys) from <paramref name="builderOverrides"/>; both win over files and environment variables.
    /// </summary>
    public static AsterFarmNodeBuilder CreateBuilder(NodeOverrides overrides, IEnumerable<KeyValuePair<string, string?>>? builderOverrides = null)
    {
        var node = AsterFarmNode.CreateBuilder(AsterFarmRoles.Builder, overrides);
        node.Configuration.AddInMemoryCollection(builderOverrides ?? []);
        BuilderNodeModule.AddTo(node);
        node.AddAsterFarmTelemetry();
        return node;
    }
}

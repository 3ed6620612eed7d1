using AsterFarm.Hosting;
using AsterFarm.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;

namespace AsterFarm.Coordinator.Hosting;

/// <summary>A coordinator-role node with every coordinator module; tests build the same node.</summary>
internal static class CoordinatorNode
{
    /// <param name="overrides">The node's cluster and HTTP flags.</param>
    /// <param name="settings">Further configuration keys that win over files and environment (e.g. the cache directory of <c>asterfarm up</c>).</param>
    public static AsterFarmNodeBuilder CreateBuilder(NodeOverrides overrides, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var node = AsterFarmNode.CreateBuilder(AsterFarmRoles.Coordinator, overrides);
        if (settings is not null)
        {
            node.Configuration.AddInMemoryCollection(settings);
        }

        foreach (var module in CoordinatorModules.All)
        {
            module(node);
        }

        node.AddAsterFarmTelemetry();
        return node;
    }
}

using AsterFarm.Shared.Hosting;

namespace AsterFarm.Coordinator.Hosting;

/// <summary>A coordinator-role node with every coordinator module; tests build the same node.</summary>
internal static class CoordinatorNode
{
    public static AsterFarmNodeBuilder CreateBuilder(NodeOverrides overrides)
    {
        var node = AsterFarmNode.CreateBuilder(AsterFarmRoles.Coordinator, overrides);
        foreach (var module in CoordinatorModules.All)
        {
            module(node);
        }

        return node;
    }
}

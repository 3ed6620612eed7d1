using AsterFarm.Shared.Hosting;

namespace AsterFarm.Builder.Hosting;

/// <summary>A builder-role node: the cluster member that realisation (sandbox, QEMU, upload) runs in.</summary>
internal static class BuilderNode
{
    public static AsterFarmNodeBuilder CreateBuilder(NodeOverrides overrides) =>
        AsterFarmNode.CreateBuilder(AsterFarmRoles.Builder, overrides);
}

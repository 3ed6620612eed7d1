using AsterFarm.Hosting;

namespace AsterFarm.Integration.Tests.Processes;

/// <summary>Which program a cluster node runs: <c>asterfarm coordinator</c> or <c>asterfarm-builder node</c>.</summary>
internal enum NodeKind
{
    Coordinator,
    Builder,
}

internal static class NodeKinds
{
    /// <summary>The cluster role the node has (<see cref="AsterFarmRoles"/>).</summary>
    public static string Role(this NodeKind kind) => kind == NodeKind.Coordinator ? AsterFarmRoles.Coordinator : AsterFarmRoles.Builder;
}

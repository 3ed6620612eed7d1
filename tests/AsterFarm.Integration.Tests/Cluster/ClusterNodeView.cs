namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>A member as <c>GET /api/v1/nodes</c> returns it.</summary>
internal sealed record ClusterNodeView(string Address, string[] Roles, string Status, bool Reachable);

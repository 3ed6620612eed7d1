namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>A member as <c>GET /api/v1/nodes</c> returns it; <see cref="SchedulerHost"/> marks the scheduler singleton's coordinator.</summary>
internal sealed record ClusterNodeView(string Address, string[] Roles, string Status, bool Reachable, bool SchedulerHost = false);

namespace AsterFarm.Coordinator.Api;

/// <summary>One cluster member as <c>GET /api/v1/nodes</c> shows it.</summary>
/// <param name="Address">Its Akka address, <c>akka.tcp://asterfarm@host:port</c>.</param>
/// <param name="Roles">Its roles, sorted.</param>
/// <param name="Status">Joining, Up, Leaving, Exiting, Down, …</param>
/// <param name="Reachable">False while the failure detector on this coordinator suspects it.</param>
internal sealed record ClusterNodeView(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable);

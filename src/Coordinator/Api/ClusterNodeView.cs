namespace AsterFarm.Coordinator.Api;

/// <summary>One cluster member as <c>GET /api/v1/nodes</c> shows it.</summary>
/// <param name="Address">Its Akka address, <c>akka.tcp://asterfarm@host:port</c>.</param>
/// <param name="Roles">Its roles, sorted.</param>
/// <param name="Status">Joining, Up, Leaving, Exiting, Down, … (<c>Registered</c> for a builder the scheduler knows but this coordinator does not see as a member).</param>
/// <param name="Reachable">False while the failure detector on this coordinator suspects it.</param>
/// <param name="Builder">What the scheduler knows of it when it is a registered builder, else null.</param>
/// <param name="SchedulerHost">True for the coordinator that hosts (or is about to host) the scheduler singleton, as this coordinator sees the cluster.</param>
internal sealed record ClusterNodeView(string Address, IReadOnlyList<string> Roles, string Status, bool Reachable, BuilderView? Builder = null, bool SchedulerHost = false);

using Akka.Actor;

namespace AsterFarm.Hosting;

/// <summary>
/// The exit code of a node process once its host stopped: 0 after a requested stop (SIGTERM: it left the cluster
/// gracefully), <see cref="RemovedFromCluster"/> when the cluster removed it (downed by the split-brain resolver, or
/// it could not join), so that a supervisor (Kubernetes, systemd) counts it as failed and starts it again. A node
/// registers one as a service; the command reads <see cref="Code"/> after the host has stopped (and been disposed).
/// </summary>
public sealed class NodeExitCode
{
    /// <summary>The node did not choose to stop: it was downed, or never joined.</summary>
    public const int RemovedFromCluster = 2;

    private CoordinatedShutdown? _shutdown;

    /// <summary>The code for this node, from why its coordinated shutdown ran (0 when it never ran).</summary>
    public int Code => For(_shutdown?.ShutdownReason);

    /// <summary>The code for a node whose coordinated shutdown ran for <paramref name="reason"/> (null: it never ran).</summary>
    public static int For(CoordinatedShutdown.Reason? reason) =>
        reason is CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason ? RemovedFromCluster : 0;

    /// <summary>Watches <paramref name="system"/>'s coordinated shutdown (called when the node's actor system starts).</summary>
    public void Observe(ActorSystem system) => _shutdown = CoordinatedShutdown.Get(system);
}

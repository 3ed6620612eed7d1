using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Shared.Hosting;

/// <summary>
/// The exit code of a node process once its host stopped: 0 after a requested stop (SIGTERM: it left the cluster
/// gracefully), <see cref="RemovedFromCluster"/> when the cluster removed it (downed by the split-brain resolver, or
/// it could not join), so that a supervisor (Kubernetes, systemd) counts it as failed and starts it again.
/// </summary>
public static class NodeExitCode
{
    /// <summary>The node did not choose to stop: it was downed, or never joined.</summary>
    public const int RemovedFromCluster = 2;

    /// <summary>The code for a node whose coordinated shutdown ran for <paramref name="reason"/> (null: it never ran).</summary>
    public static int For(CoordinatedShutdown.Reason? reason) =>
        reason is CoordinatedShutdown.ClusterDowningReason or CoordinatedShutdown.ClusterJoinUnsuccessfulReason ? RemovedFromCluster : 0;

    /// <summary>The code for the node whose host built <paramref name="services"/> and has stopped.</summary>
    public static int Of(IServiceProvider services) =>
        services.GetService<ActorSystem>() is { } system ? For(CoordinatedShutdown.Get(system).ShutdownReason) : 0;
}

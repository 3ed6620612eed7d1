using Akka.Cluster;

namespace AsterFarm.Hosting;

/// <summary>This node's own membership status as last seen, for the readiness probe (no actor system access from HTTP threads).</summary>
public sealed class ClusterReadiness
{
    private volatile StatusBox? _status;

    /// <summary>Null until the node has joined.</summary>
    public MemberStatus? SelfStatus => _status?.Status;

    /// <summary>True while this node is an Up member: it takes work and its singletons may run.</summary>
    public bool IsReady => SelfStatus == MemberStatus.Up;

    internal void Observe(MemberStatus status) => _status = new StatusBox(status);

    // A reference swap keeps readers lock-free; MemberStatus? itself cannot be volatile.
    private sealed record StatusBox(MemberStatus Status);
}

using Akka.Actor;
using AsterFarm.Hosting;

namespace AsterFarm.Shared.Tests.Hosting;

public sealed class NodeExitCodeTests
{
    [Fact]
    public void A_node_downed_by_the_cluster_or_unable_to_join_exits_non_zero_so_that_it_is_restarted()
    {
        Assert.NotEqual(0, NodeExitCode.For(CoordinatedShutdown.ClusterDowningReason.Instance));
        Assert.NotEqual(0, NodeExitCode.For(CoordinatedShutdown.ClusterJoinUnsuccessfulReason.Instance));
    }

    [Fact]
    public void A_node_stopped_on_request_exits_zero()
    {
        Assert.Equal(0, NodeExitCode.For(null));
        Assert.Equal(0, NodeExitCode.For(CoordinatedShutdown.ClrExitReason.Instance));
        Assert.Equal(0, NodeExitCode.For(CoordinatedShutdown.ClusterLeavingReason.Instance));
        Assert.Equal(0, NodeExitCode.For(CoordinatedShutdown.ActorSystemTerminateReason.Instance));
    }
}

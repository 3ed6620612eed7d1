using AsterFarm.Coordinator.Cache.Replication;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class WriteQuorumTests
{
    private static readonly CacheMember[] Nodes = RingMembers.Nodes(3);

    [Fact]
    public async Task The_quorum_is_met_without_waiting_for_the_slowest_replica()
    {
        var never = new TaskCompletionSource<ReplicaWrite>();
        Task<ReplicaWrite>[] writes = [Task.FromResult(ReplicaWrite.Durable(Nodes[0])), Task.FromResult(ReplicaWrite.Durable(Nodes[1])), never.Task];

        var finished = await WriteQuorum.AwaitAsync(writes, 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(WriteQuorum.IsMet(finished, 2), $"expected 2 durable writes, got: {string.Join("; ", finished)}");
    }

    [Fact]
    public async Task The_quorum_is_lost_as_soon_as_too_many_replicas_failed()
    {
        var never = new TaskCompletionSource<ReplicaWrite>();
        Task<ReplicaWrite>[] writes = [Task.FromResult(ReplicaWrite.Failed(Nodes[0], "unreachable")), Task.FromResult(ReplicaWrite.Failed(Nodes[1], "unreachable")), never.Task];

        var finished = await WriteQuorum.AwaitAsync(writes, 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(WriteQuorum.IsMet(finished, 2));
        Assert.True(WriteQuorum.IsLost(finished, 3, 2));
    }

    [Fact]
    public async Task A_lost_quorum_still_reports_the_durable_write_that_had_finished()
    {
        Task<ReplicaWrite>[] writes =
        [
            Task.FromResult(ReplicaWrite.Failed(Nodes[0], "unreachable")),
            Task.FromResult(ReplicaWrite.Failed(Nodes[1], "unreachable")),
            Task.FromResult(ReplicaWrite.Durable(Nodes[2])),
        ];

        var finished = await WriteQuorum.AwaitAsync(writes, 2, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, finished.Count);
        Assert.Equal(1, finished.Count(write => write.IsDurable));
        Assert.False(WriteQuorum.IsMet(finished, 2));
    }

    [Theory]
    [InlineData(2, 3, 2)]
    [InlineData(2, 1, 1)]
    [InlineData(3, 2, 2)]
    public void W_never_exceeds_the_replicas_a_path_has(int writeQuorum, int replicaCount, int expected) =>
        Assert.Equal(expected, new ReplicationOptions { Replicas = 3, WriteQuorum = writeQuorum }.QuorumFor(replicaCount));
}

using AsterFarm.Coordinator.Cache.Replication;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class AntiEntropyScopeTests
{
    private static readonly CacheMember[] Nodes = RingMembers.Nodes(3);
    private static readonly string[] Keys = RingMembers.HashParts(600);

    [Fact]
    public void Two_nodes_compare_only_the_keys_both_replicate_so_their_digests_agree_when_in_sync()
    {
        var ring = HashRing.Build(Nodes, 64);
        var heldByA = Keys.Where(k => ring.IsReplica(k, 2, Nodes[0])).ToList();
        var heldByB = Keys.Where(k => ring.IsReplica(k, 2, Nodes[1])).ToList();

        var aView = RangeDigests.Compute(AntiEntropyScope.Shared(ring, 2, Nodes[0], Nodes[1], heldByA), 2);
        var bView = RangeDigests.Compute(AntiEntropyScope.Shared(ring, 2, Nodes[1], Nodes[0], heldByB), 2);

        Assert.Empty(RangeDigests.Differing(aView, bView));
        Assert.NotEmpty(aView);
    }

    [Fact]
    public void Keys_held_without_being_their_replica_are_handed_to_their_replicas()
    {
        var ring = HashRing.Build(Nodes, 64);
        var notMine = Keys.First(k => !ring.IsReplica(k, 2, Nodes[0]));

        var handoffs = AntiEntropyScope.Handoffs(ring, 2, Nodes[0], [notMine, .. Keys.Where(k => ring.IsReplica(k, 2, Nodes[0])).Take(5)]);

        Assert.Equal(ring.PreferenceList(notMine, 2).Select(m => m.Id).Order(), handoffs.Keys.Order());
        Assert.All(handoffs.Values, list => Assert.Equal([notMine], list));
    }
}

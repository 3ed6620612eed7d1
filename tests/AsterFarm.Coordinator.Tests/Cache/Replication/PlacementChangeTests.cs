using AsterFarm.Coordinator.Cache.Replication;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class PlacementChangeTests
{
    private static readonly string[] Keys = RingMembers.HashParts(3000);

    [Fact]
    public void A_joining_member_gains_only_its_share_and_each_moved_key_loses_exactly_one_holder()
    {
        var nodes = RingMembers.Nodes(5);
        var before = HashRing.Build(nodes[..4], 64);
        var after = HashRing.Build(nodes, 64);

        var moves = PlacementChange.Compute(before, after, Keys, replicas: 2);

        Assert.All(moves, move =>
        {
            Assert.Equal([nodes[4].Id], move.Gained.Select(m => m.Id));
            Assert.Single(move.Lost);
        });

        // The new member's fair share of 2 × 3000 copies is 2/5 of the keys; allow the ring's unevenness.
        Assert.InRange(moves.Count, 3000 * 2 / 5 * 0.7, 3000 * 2 / 5 * 1.3);
    }

    [Fact]
    public void A_leaving_member_moves_only_its_keys_each_to_one_new_holder()
    {
        var nodes = RingMembers.Nodes(5);
        var before = HashRing.Build(nodes, 64);
        var after = HashRing.Build(nodes.Where(n => n != nodes[2]), 64);

        var moves = PlacementChange.Compute(before, after, Keys, replicas: 3);

        var held = Keys.Count(k => before.IsReplica(k, 3, nodes[2]));
        Assert.Equal(held, moves.Count);
        Assert.All(moves, move =>
        {
            Assert.Equal([nodes[2].Id], move.Lost.Select(m => m.Id));
            Assert.Single(move.Gained);
        });
    }

    [Fact]
    public void When_members_are_no_more_than_R_a_leave_moves_nothing_new()
    {
        var nodes = RingMembers.Nodes(3);
        var before = HashRing.Build(nodes, 64);
        var after = HashRing.Build(nodes[..2], 64);

        var moves = PlacementChange.Compute(before, after, Keys, replicas: 3);

        Assert.All(moves, move => Assert.Empty(move.Gained));
    }
}

using AsterFarm.Coordinator.Cache.Replication;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class HashRingTests
{
    [Fact]
    public void A_preference_list_has_R_distinct_members_and_all_when_fewer()
    {
        var ring = HashRing.Build(RingMembers.Nodes(5), virtualNodes: 64);

        foreach (var hashPart in RingMembers.HashParts(200))
        {
            var three = ring.PreferenceList(hashPart, 3);
            Assert.Equal(3, three.Select(m => m.Id).Distinct().Count());
        }

        var small = HashRing.Build(RingMembers.Nodes(2), virtualNodes: 64);
        Assert.Equal(2, small.PreferenceList(RingMembers.HashParts(1)[0], 3).Count);
    }

    [Fact]
    public void Placement_is_deterministic_whatever_the_order_members_are_given_in()
    {
        var nodes = RingMembers.Nodes(4);
        var a = HashRing.Build(nodes, 32);
        var b = HashRing.Build(nodes.Reverse(), 32);

        foreach (var hashPart in RingMembers.HashParts(100))
        {
            Assert.Equal(a.PreferenceList(hashPart, 2), b.PreferenceList(hashPart, 2));
        }
    }

    [Fact]
    public void A_longer_preference_list_extends_a_shorter_one()
    {
        var ring = HashRing.Build(RingMembers.Nodes(5), 64);

        foreach (var hashPart in RingMembers.HashParts(100))
        {
            Assert.Equal(ring.PreferenceList(hashPart, 2), ring.PreferenceList(hashPart, 4).Take(2));
        }
    }

    [Fact]
    public void Virtual_nodes_spread_primaries_evenly()
    {
        var ring = HashRing.Build(RingMembers.Nodes(4), 128);
        var keys = RingMembers.HashParts(8000);

        var primaries = keys.GroupBy(k => ring.PreferenceList(k, 1)[0].Id).ToDictionary(g => g.Key, g => g.Count());

        // 2000 each if perfectly even; 128 virtual nodes keep every member within ±25 %.
        Assert.All(primaries.Values, count => Assert.InRange(count, 1500, 2500));
    }

    [Fact]
    public void An_empty_ring_places_nothing()
    {
        var ring = HashRing.Build([], 16);

        Assert.Empty(ring.PreferenceList(RingMembers.HashParts(1)[0], 3));
    }
}

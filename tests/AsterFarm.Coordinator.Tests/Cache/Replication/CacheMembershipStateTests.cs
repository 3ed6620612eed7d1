using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Coordinator.Cache.Replication.Membership;
using AsterFarm.Hosting;

namespace AsterFarm.Coordinator.Tests.Cache.Replication;

public sealed class CacheMembershipStateTests
{
    private static readonly CacheMember Self = new("akka.tcp://asterfarm@10.0.0.1:4053", new Uri("http://10.0.0.1:8080/"));
    private const string Other = "akka.tcp://asterfarm@10.0.0.2:4053";

    [Fact]
    public void A_coordinator_is_a_cache_member_once_it_is_up_and_announced_its_url_in_either_order()
    {
        var upFirst = CacheMembershipState.Initial(Self).MemberUp(Other);
        var announcedFirst = CacheMembershipState.Initial(Self).Announced(Other, new Uri("http://10.0.0.2:8080/"));

        Assert.Equal([Self], upFirst.Members);
        Assert.Equal([Self], announcedFirst.Members);
        Assert.Equal([Self.Id, Other], upFirst.Announced(Other, new Uri("http://10.0.0.2:8080/")).Members.Select(m => m.Id));
        Assert.Equal([Self.Id, Other], announcedFirst.MemberUp(Other).Members.Select(m => m.Id));
    }

    [Fact]
    public void A_removed_member_leaves_and_must_announce_again_after_rejoining()
    {
        var state = CacheMembershipState.Initial(Self).MemberUp(Other).Announced(Other, new Uri("http://10.0.0.2:8080/"));

        var removed = state.MemberRemoved(Other);

        Assert.Equal([Self], removed.Members);
        Assert.Equal([Self], removed.MemberUp(Other).Members);
    }

    [Fact]
    public void The_akka_membership_raises_changed_only_when_the_members_differ()
    {
        var membership = new AkkaCacheMembership(Self);
        var raised = 0;
        membership.Changed += (_, _) => raised++;

        membership.Update(CacheMembershipState.Initial(Self));
        membership.Update(CacheMembershipState.Initial(Self).MemberUp(Other).Announced(Other, new Uri("http://10.0.0.2:8080/")));

        Assert.Equal(1, raised);
        Assert.Equal(2, membership.Members.Count);
    }

    [Fact]
    public void A_coordinator_acknowledges_writes_only_once_the_cluster_moved_it_to_up()
    {
        var membership = new AkkaCacheMembership(Self);
        Assert.False(membership.AcceptsWrites);

        membership.Update(CacheMembershipState.Initial(Self));
        Assert.False(membership.AcceptsWrites);
        Assert.NotNull(((IReadinessCheck)membership).NotReadyReason);

        membership.Update(CacheMembershipState.Initial(Self).SelfJoined());
        Assert.True(membership.AcceptsWrites);
        Assert.Null(((IReadinessCheck)membership).NotReadyReason);
    }

    [Fact]
    public void Coordinators_that_have_not_announced_their_url_still_count_as_cache_nodes_for_the_write_quorum()
    {
        var membership = new AkkaCacheMembership(Self);
        membership.Update(CacheMembershipState.Initial(Self).SelfJoined().MemberUp(Other).MemberUp("akka.tcp://asterfarm@10.0.0.3:4053"));
        using var placement = new CachePlacement(membership, new ReplicationOptions { Replicas = 3, WriteQuorum = 2 });

        Assert.Equal([Self], membership.Members);
        Assert.Equal(3, membership.NodeCount);
        Assert.Equal(2, placement.WriteQuorum);
        Assert.Single(placement.ReplicasOf("0c6kzph7l0dcbfmjap64f0czdafn3b7x"));
    }

    [Fact]
    public void A_cache_smaller_than_the_write_quorum_lowers_it_to_its_node_count()
    {
        var alone = new AkkaCacheMembership(Self);
        alone.Update(CacheMembershipState.Initial(Self).SelfJoined());
        using var placement = new CachePlacement(alone, new ReplicationOptions { Replicas = 3, WriteQuorum = 2 });

        Assert.Equal(1, placement.WriteQuorum);
    }
}

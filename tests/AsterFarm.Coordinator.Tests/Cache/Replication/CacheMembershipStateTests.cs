using AsterFarm.Coordinator.Cache.Replication;
using AsterFarm.Coordinator.Cache.Replication.Membership;

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

        membership.Update([Self]);
        membership.Update([Self, new CacheMember(Other, new Uri("http://10.0.0.2:8080/"))]);

        Assert.Equal(1, raised);
        Assert.Equal(2, membership.Members.Count);
    }
}

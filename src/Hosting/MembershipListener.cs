using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Hosting;

/// <summary>Logs every membership change and keeps <see cref="ClusterReadiness"/> at this node's own status.</summary>
internal sealed class MembershipListener : ReceiveActor
{
    private readonly Cluster _cluster = Cluster.Get(Context.System);

    public MembershipListener(ILogger logger, ClusterReadiness readiness)
    {
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            MembershipLog.MemberRemoved(logger, removed.Member.Address, removed.PreviousStatus, removed.Member.Roles);
            Track(readiness, removed.Member, MemberStatus.Removed);
        });
        Receive<ClusterEvent.IMemberEvent>(changed =>
        {
            MembershipLog.MemberChanged(logger, changed.Member.Address, changed.Member.Status, changed.Member.Roles);
            Track(readiness, changed.Member, changed.Member.Status);
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
            MembershipLog.Unreachable(logger, unreachable.Member.Address, unreachable.Member.Roles));
        Receive<ClusterEvent.ReachableMember>(reachable =>
            MembershipLog.Reachable(logger, reachable.Member.Address, reachable.Member.Roles));
    }

    public static Props Props(ILogger logger, ClusterReadiness readiness) =>
        Akka.Actor.Props.Create(() => new MembershipListener(logger, readiness));

    protected override void PreStart() =>
        _cluster.Subscribe(
            Self,
            ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent),
            typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Track(ClusterReadiness readiness, Member member, MemberStatus status)
    {
        if (member.UniqueAddress.Equals(_cluster.SelfUniqueAddress))
        {
            readiness.Observe(status);
        }
    }
}

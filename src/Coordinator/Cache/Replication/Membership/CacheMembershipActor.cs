using Akka.Actor;
using Akka.Cluster;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Cache;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication.Membership;

/// <summary>
/// Tracks the coordinators of the cluster and the cache URL each serves: announces this node's URL
/// (<see cref="CacheReplicaAnnounced"/>) to every coordinator that comes up, and again on a timer in case one was
/// missed; drops a member the cluster removed. Decisions live in <see cref="CacheMembershipState"/>.
/// </summary>
public sealed class CacheMembershipActor : ReceiveActor, IWithTimers
{
    /// <summary>The actor's name under <c>/user</c>, the same on every coordinator.</summary>
    public const string Name = "cache-membership";

    private static readonly TimeSpan AnnounceInterval = TimeSpan.FromSeconds(5);

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(Context.System);
    private readonly AkkaCacheMembership _membership;
    private readonly ILogger _logger;
    private CacheMembershipState _state;

    public CacheMembershipActor(AkkaCacheMembership membership, ILogger logger)
    {
        _membership = membership;
        _logger = logger;
        _state = CacheMembershipState.Initial(membership.Self);
        // The members already Up at start come in one message, so that no write sees this node Up before its peers.
        Receive<ClusterEvent.CurrentClusterState>(current => OnMembersSeen(current.Members.Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving or MemberStatus.Exiting)));
        Receive<ClusterEvent.MemberUp>(up => OnMembersSeen([up.Member]));
        Receive<ClusterEvent.MemberRemoved>(removed => Apply(_state.MemberRemoved(removed.Member.Address.ToString())));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<CacheReplicaAnnounced>(announced =>
        {
            if (Uri.TryCreate(announced.BaseUrl, UriKind.Absolute, out var url) && Sender.Path.Address.HasGlobalScope)
            {
                Apply(_state.Announced(Sender.Path.Address.ToString(), url));
            }
        });
        Receive<AnnounceTick>(_ =>
        {
            foreach (var address in _state.InCluster)
            {
                Announce(address);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(AkkaCacheMembership membership, ILogger logger) =>
        Akka.Actor.Props.Create(() => new CacheMembershipActor(membership, logger));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));
        Timers.StartPeriodicTimer(nameof(AnnounceTick), AnnounceTick.Instance, AnnounceInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void OnMembersSeen(IEnumerable<Member> members)
    {
        var next = _state;
        var peers = new List<string>();
        foreach (var member in members)
        {
            if (member.UniqueAddress.Equals(_cluster.SelfUniqueAddress))
            {
                next = next.SelfJoined();
            }
            else if (member.HasRole(AsterFarmRoles.Coordinator))
            {
                var address = member.Address.ToString();
                next = next.MemberUp(address);
                peers.Add(address);
            }
        }

        Apply(next);
        peers.ForEach(Announce);
    }

    private void Announce(string address) =>
        Context.ActorSelection($"{address}/user/{Name}")
            .Tell(new CacheReplicaAnnounced(new NodeName(_membership.Self.Id), _membership.Self.BaseUrl.ToString(), 0), Self);

    private void Apply(CacheMembershipState next)
    {
        _state = next;
        var before = _membership.Members;
        _membership.Update(next);
        if (!ReferenceEquals(before, _membership.Members))
        {
            var members = string.Join(", ", _membership.Members);
            ReplicationLog.MembersChanged(_logger, members);
        }
    }

    private sealed record AnnounceTick
    {
        public static readonly AnnounceTick Instance = new();
    }
}

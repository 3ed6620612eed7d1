namespace AsterFarm.Hosting;

/// <summary>
/// How a node joins the cluster. Bound from <c>AsterFarm:Cluster</c>; environment variables override,
/// e.g. <c>AsterFarm__Cluster__Port=4053</c>, <c>AsterFarm__Cluster__SeedNodes__0=akka.tcp://asterfarm@coordinator-0.coordinator:4053</c>.
/// </summary>
public sealed class ClusterOptions
{
    public const string SectionName = "AsterFarm:Cluster";

    /// <summary>The actor system name; the same on every node (it is part of every address). Default <c>asterfarm</c>.</summary>
    public string SystemName { get; set; } = "asterfarm";

    /// <summary>
    /// The address remoting binds to. Default <c>127.0.0.1</c> (loopback: nothing off this machine can join); a cluster
    /// spanning machines sets the interface it uses (in Kubernetes <c>0.0.0.0</c> or the pod IP), with <see cref="Tls"/>.
    /// </summary>
    public string Hostname { get; set; } = "127.0.0.1";

    /// <summary>The host name other nodes reach this one by (in Kubernetes the pod's DNS name). Default: the machine's host name.</summary>
    public string? PublicHostname { get; set; }

    /// <summary>The remoting port. Default 4053 on coordinators, 4054 on builders (<see cref="DefaultPorts"/>).</summary>
    public int? Port { get; set; }

    /// <summary>Addresses of seed nodes, <c>akka.tcp://asterfarm@host:port</c>; the coordinators. Empty: join nobody (a first seed lists itself).</summary>
    public IList<string> SeedNodes { get; } = [];

    /// <summary>Roles added to the node's own (<see cref="AsterFarmRoles"/>), e.g. a pool name like <c>riscv64</c>.</summary>
    public IList<string> Roles { get; } = [];

    /// <summary>
    /// How long membership must be stable (no unreachable member coming or going) before the split-brain resolver
    /// (keep-majority) downs the unreachable side. Default 4 s: a dead coordinator's scheduler singleton moves after
    /// failure detection (about <see cref="FailureDetectorAcceptablePause"/>), this, and <see cref="DownRemovalMargin"/>;
    /// well under the 15 s lease timeout. Raise it on large or flaky networks (Akka's own default is 20 s).
    /// </summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long after a downed member is removed its singletons (the scheduler) start elsewhere: time for the downed
    /// side to stop its own first. Default 1 s (Akka's default, off, waits <see cref="StableAfter"/> again).
    /// </summary>
    public TimeSpan DownRemovalMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the failure detector tolerates missing heartbeats (sent every second) before a member counts as unreachable. Default 3 s (Akka's).</summary>
    public TimeSpan FailureDetectorAcceptablePause { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a coordinator taking over the scheduler singleton asks the previous one to hand over. Default 0.5 s (Akka's: 1 s).</summary>
    public TimeSpan SingletonHandOverRetryInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Members needed before the leader moves joining nodes to Up. Default 1.</summary>
    public int MinMembers { get; set; } = 1;

    /// <summary>Mutual TLS on the remoting port: who may join (<c>AsterFarm:Cluster:Tls</c>).</summary>
    public ClusterTlsOptions Tls { get; } = new();

    /// <summary>The port this node uses for <paramref name="role"/>.</summary>
    public int PortFor(string role) => Port ?? DefaultPorts.RemotingFor(role);

    /// <summary>The public host name, defaulting to the machine's.</summary>
    public string EffectivePublicHostname => string.IsNullOrEmpty(PublicHostname) ? System.Net.Dns.GetHostName() : PublicHostname;
}

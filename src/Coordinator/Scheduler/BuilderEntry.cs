using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>A registered builder: which process it is (its incarnation), where, what it offers, and the builds it runs that are not the scheduler's.</summary>
internal sealed record BuilderEntry(string Incarnation, string Address, BuilderCapabilities Capabilities)
{
    public DateTimeOffset LastHeard { get; set; }

    /// <summary>Builds it last reported running under leases this scheduler does not count (each takes a slot).</summary>
    public IReadOnlyList<RunningBuild> Uncounted { get; set; } = [];

    /// <summary>Whether each of its remote Nix machines is up, from its last heartbeat (shown by the nodes API only).</summary>
    public Shared.Protocol.ValueList<RemoteMachineHealth>? RemoteMachines { get; set; }
}

using System.Collections.Immutable;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>
/// The node actor's state: whether a scheduler has acknowledged this node, and the builds it runs. Every decision is a
/// pure function here, tested without actors.
/// </summary>
/// <param name="Registered">A scheduler acknowledged the current registration (heartbeats flow); false while registering.</param>
/// <param name="HeartbeatInterval">The interval the scheduler asked for, once registered.</param>
/// <param name="Builds">Accepted builds not yet reported, by lease.</param>
/// <param name="Cancelling">Cancelled builds whose process tree is still being stopped: they hold their slot, are not reported, and end without a result.</param>
public sealed record BuilderNodeState(
    bool Registered,
    TimeSpan? HeartbeatInterval,
    ImmutableDictionary<LeaseId, ActiveBuild> Builds,
    ImmutableHashSet<LeaseId> Cancelling)
{
    /// <summary>A node that has just started: unregistered, idle.</summary>
    public static BuilderNodeState Initial { get; } =
        new(false, null, ImmutableDictionary<LeaseId, ActiveBuild>.Empty, ImmutableHashSet<LeaseId>.Empty);

    /// <summary>
    /// The latest results reported (<see cref="BuildFinished"/> or <see cref="BuildFailed"/>), oldest first: sent again
    /// before each registration, because one sent just as the singleton died is lost with it.
    /// </summary>
    public ImmutableList<IAsterFarmMessage> RecentResults { get; init; } = [];

    /// <summary>Running builds as the protocol reports them, oldest first.</summary>
    public ValueList<RunningBuild> Running =>
        ValueList.From(Builds.Values.OrderBy(b => b.StartedAtUtc).ThenBy(b => b.Dispatch.Lease.Value).Select(b => b.ToRunning()));

    /// <summary>Slots not running a build.</summary>
    public int FreeSlots(BuilderCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(capabilities);
        return Math.Max(0, capabilities.Slots - Builds.Count - Cancelling.Count);
    }

    /// <summary>Whether <paramref name="dispatch"/> starts here: the same lease is confirmed again; a system this node does not offer, or no free slot, is refused.</summary>
    public DispatchDecision Decide(DispatchBuild dispatch, BuilderCapabilities capabilities)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        ArgumentNullException.ThrowIfNull(capabilities);
        if (Builds.ContainsKey(dispatch.Lease))
        {
            return new DispatchDecision(DispatchVerdict.AlreadyRunning);
        }

        var native = capabilities.NativeSystems.Contains(dispatch.System, StringComparer.Ordinal);
        var emulated = !native && capabilities.EmulatedSystems.Any(e => e.System == dispatch.System);
        if (!native && !emulated)
        {
            var offered = string.Join(", ", capabilities.NativeSystems.Concat(capabilities.EmulatedSystems.Select(e => e.System + " (emulated)")));
            return new DispatchDecision(DispatchVerdict.Refuse, Reason: $"this node does not build {dispatch.System}; it offers {offered}");
        }

        return FreeSlots(capabilities) == 0
            ? new DispatchDecision(DispatchVerdict.Refuse, Reason: $"no free slot: {Builds.Count + Cancelling.Count} of {capabilities.Slots} busy")
            : new DispatchDecision(DispatchVerdict.Start, Emulated: emulated);
    }

    public BuilderNodeState Start(DispatchBuild dispatch, DateTime nowUtc, bool emulated)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        return this with { Builds = Builds.SetItem(dispatch.Lease, new ActiveBuild(dispatch, nowUtc, emulated)) };
    }

    /// <summary>The lease's build ended (reported, or stopped after a cancel): its slot is free.</summary>
    public BuilderNodeState Finish(LeaseId lease) => this with { Builds = Builds.Remove(lease), Cancelling = Cancelling.Remove(lease) };

    /// <summary>The scheduler cancelled the lease: stop reporting it; the slot stays busy until the build has stopped.</summary>
    public BuilderNodeState Cancel(LeaseId lease) =>
        Builds.ContainsKey(lease) ? this with { Builds = Builds.Remove(lease), Cancelling = Cancelling.Add(lease) } : this;

    /// <summary>A result was reported: kept among the latest <paramref name="keep"/> for resending.</summary>
    public BuilderNodeState Reported(IAsterFarmMessage result, int keep)
    {
        ArgumentNullException.ThrowIfNull(result);
        var results = RecentResults.Add(result);
        return this with { RecentResults = results.Count > keep ? results.RemoveRange(0, results.Count - Math.Max(0, keep)) : results };
    }

    /// <summary>A scheduler acknowledged the registration.</summary>
    public BuilderNodeState Acknowledged(TimeSpan heartbeatInterval) => this with { Registered = true, HeartbeatInterval = heartbeatInterval };

    /// <summary>The scheduler went away or forgot this node: register again (running builds continue).</summary>
    public BuilderNodeState Unregistered() => this with { Registered = false, HeartbeatInterval = null };
}

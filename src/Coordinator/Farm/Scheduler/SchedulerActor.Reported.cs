using Akka.Actor;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Coordinator.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using NodeName = AsterFarm.Coordinator.Scheduling.Identifiers.NodeName;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>
/// What builders report running (registration, heartbeats) against what the scheduler counts: builds under the
/// builder's own leases are re-attached when the scheduler lost track of them; all others (leases that expired while
/// the node was cut off and were placed again, or that lost to a late result) take one of its slots each until the
/// builder reports them ended, so the node is not sent work it would refuse.
/// </summary>
internal sealed partial class SchedulerActor
{
    /// <summary>Re-attaches the builder's own reported builds the core does not have running on it, then counts the rest.</summary>
    private void TakeReported(NodeName name, IEnumerable<RunningBuild> reported)
    {
        if (!_builders.TryGetValue(name, out var builder))
        {
            return;
        }

        var (current, uncounted) = LeaseRules.SortReported(name, reported, _leases);
        foreach (var lease in current)
        {
            if (!_detached.ContainsKey(lease))
            {
                Named(lease);
            }

            var derivation = _leases[lease].Derivation;
            if (!_detached.ContainsKey(lease) && !RunsOn(derivation, name) && _core.Reattach(derivation, name, Now))
            {
                SchedulerLog.Reattached(_log, derivation, name, lease);
                Emit(derivation, BuildState.Running, null, new Shared.Protocol.NodeName(name.Value));
            }
        }

        Uncounted(name, builder, uncounted);
    }

    /// <summary>A result (or failure) arrived from the builder: if it ends one of its uncounted builds, that slot frees.</summary>
    private void UncountedEnded(Shared.Protocol.NodeName node, LeaseId lease)
    {
        var name = new NodeName(node.Value);
        if (_builders.TryGetValue(name, out var builder) && builder.Uncounted.Any(build => build.Lease == lease))
        {
            Uncounted(name, builder, [.. builder.Uncounted.Where(build => build.Lease != lease)]);
        }
    }

    /// <summary>
    /// A late result of an expired lease of <paramref name="derivation"/> came first: the build placed again under
    /// <paramref name="superseded"/> is stopped, and its slot stays taken until its builder reports it ended.
    /// </summary>
    private void StopSuperseded(DerivationId derivation, LeaseId superseded, LeaseEntry lease)
    {
        if (!_builders.TryGetValue(lease.Node, out var builder))
        {
            return;
        }

        SchedulerLog.Superseded(_log, derivation, lease.Node, superseded);
        builder.Actor.Tell(new CancelBuild(superseded, FarmReasons.Superseded));
        var running = new RunningBuild(superseded, Shared.Store.StorePath.Parse(derivation.Value), _since.GetValueOrDefault(derivation));
        Uncounted(lease.Node, builder, [.. builder.Uncounted.Where(build => build.Lease != superseded), running]);
    }

    private void Uncounted(NodeName name, BuilderEntry builder, IReadOnlyList<RunningBuild> uncounted)
    {
        if (uncounted.Count != builder.Uncounted.Count)
        {
            SchedulerLog.UncountedBuilds(_log, name, uncounted.Count);
        }

        builder.Uncounted = uncounted;
        _core.SetUncountedBuilds(name, uncounted.Count);
    }

    private bool RunsOn(DerivationId derivation, NodeName name) =>
        _core.Describe(derivation) is { State: DerivationState.Running } status && status.Node == name;
}

using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling;

/// <summary>
/// Rebuilding a core from durable state: derivations whose build may still run on a builder (a lease outstanding
/// when the previous scheduler stopped) are held back from placement until their builder claims them
/// (<see cref="Attach"/>) or their lease expires (<see cref="Release"/>); failures are restored without a build.
/// </summary>
public sealed partial class SchedulerCore
{
    private readonly HashSet<int> _held = [];

    /// <summary>Keeps a derivation that is neither running nor finished out of placement; false when it is not such a derivation.</summary>
    public bool Hold(DerivationId id)
    {
        if (!_nodeIndex.TryGetValue(id, out var index) || _held.Contains(index))
        {
            return false;
        }

        var node = _nodes[index];
        switch (node.State)
        {
            case DerivationState.Ready:
                // The ready queues skip entries whose derivation is no longer ready.
                break;
            case DerivationState.NoCapableBuilder:
                _waiting[(node.System, node.Features)].Remove(index);
                break;
            case DerivationState.Planned when node.PendingDependencies == 0:
                break;
            default:
                return false;
        }

        SetState(node, DerivationState.Planned);
        _held.Add(index);
        return true;
    }

    /// <summary>True while <paramref name="id"/> is held back by <see cref="Hold"/>.</summary>
    public bool IsHeld(DerivationId id) => _nodeIndex.TryGetValue(id, out var index) && _held.Contains(index);

    /// <summary>
    /// A held derivation is running on <paramref name="builder"/> after all (it said so when it registered): it takes
    /// one of the builder's idle slots as if dispatched there at <paramref name="now"/>. False (nothing changes) when the
    /// derivation is not held, the builder is unknown or gone, or none of its slots is idle.
    /// </summary>
    public bool Attach(DerivationId id, NodeName builder, double now)
    {
        if (!_nodeIndex.TryGetValue(id, out var index) || !_held.Contains(index)
            || !_builderIndex.TryGetValue(builder, out var builderIndex) || _builders[builderIndex] is not { Alive: true, IdleSlots: > 0 } state)
        {
            return false;
        }

        _held.Remove(index);
        var node = _nodes[index];
        var slot = Array.IndexOf(state.Running, Core.BuilderState.Free);
        var build = Estimator.Seconds(node.EstimateKey, state.MachineClass, state.SpeedFor(node.System) > 0 ? state.SpeedFor(node.System) : 1, node.PriorSeconds);
        Start(node, state, slot, now, build, 0);
        return true;
    }

    /// <summary>A held derivation nobody claimed goes back to placement (ready, or waiting for a capable builder). False when it was not held.</summary>
    public bool Release(DerivationId id)
    {
        if (!_nodeIndex.TryGetValue(id, out var index) || !_held.Remove(index))
        {
            return false;
        }

        MakeReady(_nodes[index]);
        return true;
    }

    /// <summary>
    /// Restores a failure recorded before the core was rebuilt: the derivation fails with <paramref name="reason"/> and
    /// its dependents as "dependency failed", as <see cref="BuildFailed"/> would. Returns the dependents failed; empty
    /// when the derivation is unknown, done or already failed.
    /// </summary>
    public IReadOnlyList<DerivationId> RestoreFailure(DerivationId id, string reason)
    {
        if (!_nodeIndex.TryGetValue(id, out var index) || _nodes[index].State is DerivationState.Done or DerivationState.Failed)
        {
            return [];
        }

        var node = _nodes[index];
        if (node.State == DerivationState.Running)
        {
            ReleaseSlot(node);
        }
        else if (node.State == DerivationState.NoCapableBuilder)
        {
            _waiting[(node.System, node.Features)].Remove(index);
        }

        _held.Remove(index);
        return FailWithDependents(node, reason);
    }

    /// <summary>
    /// A result arrived under a lease that had expired: the derivation counts as built wherever it is now (queued,
    /// held, or running again under a newer lease, whose slot is freed). False when it is unknown or already finished.
    /// </summary>
    public bool LateBuildFinished(DerivationId id)
    {
        if (!_nodeIndex.TryGetValue(id, out var index) || _nodes[index].State is DerivationState.Done or DerivationState.Failed)
        {
            return false;
        }

        var node = _nodes[index];
        if (node.State == DerivationState.Running)
        {
            ReleaseSlot(node);
        }
        else if (node.State == DerivationState.NoCapableBuilder)
        {
            _waiting[(node.System, node.Features)].Remove(index);
        }

        _held.Remove(index);
        Complete(node);
        return true;
    }
}

using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling;

/// <summary>
/// Builds a builder runs that the scheduler no longer counts as its own: a build whose lease expired while the node
/// was cut off (and that was placed again elsewhere) keeps running there after the node comes back. Each such build
/// occupies one slot, so that the node is not sent work it would refuse ("no free slot") until the build ends.
/// </summary>
public sealed partial class SchedulerCore
{
    /// <summary>
    /// Sets how many of <paramref name="builder"/>'s slots are taken by builds this scheduler does not count (as the node
    /// last reported them). Occupied slots take no work and no promises until released by a lower count. Returns the
    /// slots now occupied: at most those not running counted builds; 0 when the builder is unknown or gone.
    /// </summary>
    public int SetUncountedBuilds(NodeName builder, int builds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(builds);
        if (!_builderIndex.TryGetValue(builder, out var index) || _builders[index] is not { Alive: true } state)
        {
            return 0;
        }

        var occupied = state.Running.Count(slot => slot == BuilderState.Occupied);
        for (var slot = state.Running.Length - 1; slot >= 0 && occupied > builds; slot--)
        {
            if (state.Running[slot] == BuilderState.Occupied)
            {
                state.Running[slot] = BuilderState.Free;
                state.IdleSlots++;
                occupied--;
            }
        }

        for (var slot = 0; slot < state.Running.Length && occupied < builds; slot++)
        {
            if (state.Running[slot] == BuilderState.Free)
            {
                Occupy(state, slot);
                occupied++;
            }
        }

        state.EarliestStamp = 0;
        return occupied;
    }

    /// <summary>
    /// A derivation the scheduler does not have running (recovered and held, or ready again after its builder's
    /// registration was replaced) is running on <paramref name="builder"/> after all, under a lease that is still
    /// that builder's: it takes a free slot there as if dispatched at <paramref name="now"/>. False (nothing changes)
    /// when it is running, finished or failed, the builder is unknown or gone, or no slot is free.
    /// </summary>
    public bool Reattach(DerivationId id, NodeName builder, double now)
    {
        if (IsHeld(id))
        {
            return Attach(id, builder, now);
        }

        if (!_nodeIndex.TryGetValue(id, out var index) || _nodes[index] is not { State: DerivationState.Ready or DerivationState.NoCapableBuilder } node
            || !_builderIndex.TryGetValue(builder, out var builderIndex) || _builders[builderIndex] is not { Alive: true, IdleSlots: > 0 } state)
        {
            return false;
        }

        if (node.State == DerivationState.NoCapableBuilder)
        {
            _waiting[(node.System, node.Features)].Remove(index);
        }

        // A promise of this derivation to a busy slot is dropped with the promise list's next pass (it is no longer ready).
        var build = Estimator.Seconds(node.EstimateKey, state.MachineClass, state.SpeedFor(node.System) > 0 ? state.SpeedFor(node.System) : 1, node.PriorSeconds);
        Start(node, state, Array.IndexOf(state.Running, BuilderState.Free), now, build, 0);
        return true;
    }

    /// <summary>Takes a free slot; the derivations promised to it go back to the ready queues (nobody knows when it frees).</summary>
    private void Occupy(BuilderState builder, int slot)
    {
        builder.Running[slot] = BuilderState.Occupied;
        builder.IdleSlots--;
        _promisedSlots.Remove((builder, slot));
        if (builder.Promised[slot] is { Count: > 0 } waiting)
        {
            foreach (var promised in waiting)
            {
                _ready[_nodes[promised].System].Enqueue(promised, KeyOf(_nodes[promised]));
            }

            waiting.Clear();
        }
    }
}

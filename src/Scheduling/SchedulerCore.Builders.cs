using AsterFarm.Scheduling.Builders;
using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    /// <summary>
    /// A builder joined (or registered again). Derivations waiting for what it offers become ready. A node joining
    /// again under a live name replaces its registration; the builds the core had on it are requeued and returned.
    /// </summary>
    /// <param name="spec">What the node offers.</param>
    /// <param name="heldOutputs">Derivations whose outputs it already holds locally (locality); unknown ids are ignored.</param>
    public IReadOnlyList<DerivationId> BuilderJoined(BuilderSpec spec, IEnumerable<DerivationId>? heldOutputs = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Slots, 1, nameof(spec));
        IReadOnlyList<DerivationId> requeued = _builderIndex.ContainsKey(spec.Name) ? Evict(spec.Name) : [];

        foreach (var system in spec.NativeSystems.Keys.Concat(spec.EmulatedSystems.Keys))
        {
            InternSystem(system);
        }

        var speeds = new double[_systems.Count];
        var emulated = new bool[_systems.Count];
        foreach (var (system, speed) in spec.EmulatedSystems)
        {
            speeds[_systems.Intern(system)] = Math.Max(0, speed);
            emulated[_systems.Intern(system)] = speed > 0;
        }

        foreach (var (system, speed) in spec.NativeSystems)
        {
            var index = _systems.Intern(system);
            if (speed > 0 && speed >= speeds[index])
            {
                speeds[index] = speed;
                emulated[index] = false;
            }
        }

        var features = 0UL;
        foreach (var feature in spec.Features)
        {
            if (_features.TryGet(feature, out var bit))
            {
                features |= 1UL << bit;
            }
            else if (_features.Count < MaxFeatures)
            {
                // Past the limit no derivation can require a new feature, so it need not be tracked.
                features |= 1UL << _features.Intern(feature);
            }
        }

        if (!_builderIndex.TryGetValue(spec.Name, out var builderIndex))
        {
            builderIndex = _builders.Count;
            _builderIndex.Add(spec.Name, builderIndex);
            _builders.Add(null!);
        }

        var builder = new BuilderState(spec, builderIndex, Estimator.ClassOf(spec.MachineClass), speeds, emulated, features);
        _builders[builderIndex] = builder;
        foreach (var id in heldOutputs ?? [])
        {
            if (_nodeIndex.TryGetValue(id, out var node))
            {
                builder.MarkHeld(node);
            }
        }

        _capable.Clear();
        _candidates = null;
        WakeWaiting();
        RecomputeCriticalPaths();
        return requeued;
    }

    /// <summary>A builder left or was declared lost: its running builds go back to ready (returned), its local outputs are forgotten.</summary>
    public IReadOnlyList<DerivationId> BuilderLeft(NodeName name)
    {
        if (!_builderIndex.TryGetValue(name, out var index) || !_builders[index].Alive)
        {
            return [];
        }

        var requeued = Evict(name);
        RecomputeCriticalPaths();
        return requeued;
    }

    /// <summary>The node now holds these derivations' outputs (it fetched them); placement prefers it for their dependents.</summary>
    public void RecordLocalOutputs(NodeName name, IEnumerable<DerivationId> outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        if (!_builderIndex.TryGetValue(name, out var index))
        {
            return;
        }

        foreach (var id in outputs)
        {
            if (_nodeIndex.TryGetValue(id, out var node))
            {
                _builders[index].MarkHeld(node);
            }
        }
    }

    private List<DerivationId> Evict(NodeName name)
    {
        var builder = _builders[_builderIndex[name]];
        var requeued = new List<DerivationId>();
        WithdrawPromises();
        builder.Alive = false;
        _capable.Clear();
        _candidates = null;
        for (var slot = 0; slot < builder.Running.Length; slot++)
        {
            if (builder.Running[slot] >= 0)
            {
                var node = _nodes[builder.Running[slot]];
                ReleaseSlot(node);
                SetState(node, DerivationState.Ready);
                requeued.Add(node.Id);
            }
        }

        // Ready derivations only this builder could take now wait, with a reason; the caller rebuilds the queues.
        foreach (var node in _nodes)
        {
            if (node.State == DerivationState.Ready && !IsCapable(node.System, node.Features))
            {
                SetState(node, DerivationState.Planned);
                MakeReady(node);
            }
        }

        return requeued;
    }

    private void WakeWaiting()
    {
        foreach (var (group, waiting) in _waiting)
        {
            if (waiting.Count == 0 || !IsCapable(group.System, group.Features))
            {
                continue;
            }

            foreach (var index in waiting)
            {
                SetState(_nodes[index], DerivationState.Ready);
            }

            waiting.Clear();
        }
    }

    private void ReleaseSlot(DerivationNode node)
    {
        var builder = _builders[node.Builder];
        builder.Running[node.Slot] = BuilderState.Free;
        builder.IdleSlots++;
        node.Slot = -1;
    }
}

using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Coordinator.Scheduling.Placement;
using AsterFarm.Coordinator.Scheduling.Status;

namespace AsterFarm.Coordinator.Scheduling;

public sealed partial class SchedulerCore
{
    /// <summary>
    /// Cancels a run: each of its unfinished derivations that no other uncancelled run needs fails with
    /// <paramref name="reason"/> without being built. Those that were running are returned with their builder (the
    /// caller stops them there); shared ones go on for the other runs. Empty for an unknown or already cancelled run.
    /// </summary>
    public IReadOnlyList<CancelledBuild> CancelRun(RunId id, string reason)
    {
        if (!_runs.TryGetValue(id, out var run) || run.Cancelled)
        {
            return [];
        }

        _runs[id] = run with { Cancelled = true };
        var needed = new HashSet<int>();
        foreach (var other in _runs.Values)
        {
            if (!other.Cancelled)
            {
                needed.UnionWith(other.Derivations);
            }
        }

        var stopped = new List<CancelledBuild>();
        foreach (var index in run.Derivations)
        {
            var node = _nodes[index];
            if (node.State is DerivationState.Done or DerivationState.Failed || needed.Contains(index))
            {
                continue;
            }

            if (node.State == DerivationState.Running)
            {
                stopped.Add(new CancelledBuild(node.Id, _builders[node.Builder].Spec.Name));
                ReleaseSlot(node);
            }
            else if (node.State == DerivationState.Waiting)
            {
                _waiting[(node.System, node.Features)].Remove(index);
            }

            ClearRetry(node);
            Fail(node, index, reason);
        }

        return stopped;
    }
}

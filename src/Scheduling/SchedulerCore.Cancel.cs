using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    /// <summary>
    /// Cancels a run: each of its unfinished derivations that no other uncancelled run needs fails with
    /// <paramref name="reason"/> without being built. Those that were running are returned with their builder (the
    /// caller stops them there); shared ones go on for the other live runs. Empty for an unknown, cancelled or
    /// ended run.
    /// </summary>
    public IReadOnlyList<CancelledBuild> CancelRun(RunId id, string reason)
    {
        if (!_runs.TryGetValue(id, out var run) || run.Closed)
        {
            return [];
        }

        _runs[id] = run with { Closed = true };
        var needed = new HashSet<int>();
        foreach (var other in _runs.Values)
        {
            if (!other.Closed)
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
            else if (node.State == DerivationState.NoCapableBuilder)
            {
                _waiting[(node.System, node.Features)].Remove(index);
            }

            ClearRetry(node);
            Fail(node, index, reason, FailureCause.Cancelled);
        }

        return stopped;
    }

    /// <summary>
    /// The run ended (its owner saw every derivation built or failed): it no longer keeps a derivation going that a
    /// later run rebuilds and then cancels.
    /// </summary>
    public void EndRun(RunId id)
    {
        if (_runs.TryGetValue(id, out var run))
        {
            _runs[id] = run with { Closed = true };
        }
    }
}

using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    /// <summary>The builder reports it really started (after fetching inputs): estimates of that slot count from <paramref name="now"/>. False when the derivation is not running.</summary>
    public bool BuildStarted(DerivationId id, double now)
    {
        if (!TryRunning(id, out var node))
        {
            return false;
        }

        var builder = _builders[node.Builder];
        var estimate = Estimator.Seconds(node.EstimateKey, builder.MachineClass, builder.SpeedFor(node.System), node.PriorSeconds);
        node.StartedAt = now;
        builder.EstimatedFree[node.Slot] = now + estimate;
        return true;
    }

    /// <summary>
    /// A build finished: frees its slot, records its duration in the history, marks its output as held by the node,
    /// and releases dependents whose dependencies are now all done. False (and nothing changes) when the derivation
    /// is not running, e.g. a late report after it was requeued.
    /// </summary>
    /// <param name="id">The derivation.</param>
    /// <param name="now">The current time.</param>
    /// <param name="buildSeconds">The build's own duration as the builder measured it; defaults to <paramref name="now"/> minus the start.</param>
    public bool BuildFinished(DerivationId id, double now, double? buildSeconds = null)
    {
        if (!TryRunning(id, out var node))
        {
            return false;
        }

        var builder = _builders[node.Builder];
        Estimator.Record(node.EstimateKey, builder.MachineClass, builder.SpeedFor(node.System), buildSeconds ?? (now - node.StartedAt));
        builder.MarkHeld(node.Index);
        ReleaseSlot(node);
        Complete(node);
        return true;
    }

    private void Complete(DerivationNode node)
    {
        SetState(node, DerivationState.Done);
        foreach (var dependent in node.Dependents)
        {
            var next = _nodes[dependent];
            if (next.State == DerivationState.Planned && --next.PendingDependencies == 0)
            {
                MakeReady(next);
            }
        }

        if (_options.CriticalPathRefreshFinishes > 0 && ++_finishesSinceRefresh >= _options.CriticalPathRefreshFinishes)
        {
            RecomputeCriticalPaths();
        }
    }

    /// <summary>
    /// A build failed permanently: it fails with <paramref name="reason"/> and every transitive dependent fails as
    /// "dependency failed: &lt;id&gt;" without being tried. Returns the dependents failed; empty when it was not running.
    /// </summary>
    public IReadOnlyList<DerivationId> BuildFailed(DerivationId id, string reason)
    {
        if (!TryRunning(id, out var node))
        {
            return [];
        }

        ReleaseSlot(node);
        return FailWithDependents(node, reason);
    }

    /// <summary>
    /// Gives up on a derivation that is not running (e.g. requeued after its builder was lost once too often): it and
    /// its transitive dependents fail as in <see cref="BuildFailed"/>. Returns the dependents failed; empty when it
    /// was running or had already ended.
    /// </summary>
    public IReadOnlyList<DerivationId> GiveUp(DerivationId id, string reason)
    {
        if (!_nodeIndex.TryGetValue(id, out var index) || _nodes[index].State is DerivationState.Running or DerivationState.Done or DerivationState.Failed)
        {
            return [];
        }

        var node = _nodes[index];
        if (node.State == DerivationState.NoCapableBuilder)
        {
            _waiting[(node.System, node.Features)].Remove(index);
        }

        ClearRetry(node);
        return FailWithDependents(node, reason);
    }

    private List<DerivationId> FailWithDependents(DerivationNode node, string reason)
    {
        var id = node.Id;
        Fail(node, node.Index, reason, FailureCause.Build);
        var failed = new List<DerivationId>();
        var stack = new Stack<int>(node.Dependents);
        var dependencyReason = $"dependency failed: {id}";
        while (stack.Count > 0)
        {
            var dependent = _nodes[stack.Pop()];
            if (dependent.State is DerivationState.Failed or DerivationState.Done)
            {
                continue;
            }

            Fail(dependent, node.Index, dependencyReason, FailureCause.Dependency);
            failed.Add(dependent.Id);
            foreach (var next in dependent.Dependents)
            {
                stack.Push(next);
            }
        }

        return failed;
    }

    /// <summary>
    /// A running build was lost (its builder stopped answering, its lease expired): it goes back to the ready queue
    /// to be placed again. The hook for retries and leases; false when it was not running.
    /// </summary>
    public bool BuildLost(DerivationId id)
    {
        if (!TryRunning(id, out var node))
        {
            return false;
        }

        ReleaseSlot(node);
        SetState(node, DerivationState.Planned);
        MakeReady(node);
        return true;
    }

    private bool TryRunning(DerivationId id, out DerivationNode node)
    {
        node = null!;
        if (!_nodeIndex.TryGetValue(id, out var index) || _nodes[index].State != DerivationState.Running)
        {
            return false;
        }

        node = _nodes[index];
        return true;
    }

    private void Fail(DerivationNode node, int cause, string reason, FailureCause kind)
    {
        SetState(node, DerivationState.Failed);
        node.FailedBecauseOf = cause;
        node.FailureReason = reason;
        node.Cause = kind;
    }
}

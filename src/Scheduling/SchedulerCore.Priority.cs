using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    private readonly Dictionary<(int System, ulong Features), bool> _capable = [];
    private int _finishesSinceRefresh;

    /// <summary>
    /// The critical path of every unfinished derivation: its estimated build time at the best live speed for its
    /// system plus the longest critical path among its unfinished dependents. Indices are topological (dependencies
    /// first), so one backward sweep is O(V+E). The ready queues are then reordered.
    /// </summary>
    private void RecomputeCriticalPaths()
    {
        _finishesSinceRefresh = 0;
        WithdrawPromises();
        if (_options.Policy == SchedulingPolicy.CriticalPath)
        {
            var bestSpeed = BestSpeedPerSystem();
            for (var i = _nodes.Count - 1; i >= 0; i--)
            {
                var node = _nodes[i];
                if (node.State is DerivationState.Done or DerivationState.Failed)
                {
                    node.CriticalPath = 0;
                    continue;
                }

                var longest = 0.0;
                foreach (var dependent in node.Dependents)
                {
                    longest = Math.Max(longest, _nodes[dependent].CriticalPath);
                }

                node.CriticalPath = (Estimator.ReferenceSeconds(node.EstimateKey, node.PriorSeconds) / bestSpeed[node.System]) + longest;
            }
        }

        var ready = new List<(int, ReadyKey)>[_ready.Count];
        foreach (var node in _nodes)
        {
            if (node.State == DerivationState.Ready)
            {
                (ready[node.System] ??= []).Add((node.Index, KeyOf(node)));
            }
        }

        for (var system = 0; system < _ready.Count; system++)
        {
            // Filling an empty queue at once heapifies in linear time.
            _ready[system].Clear();
            if (ready[system] is { } items)
            {
                _ready[system].EnqueueRange(items);
            }
        }
    }

    private double[] BestSpeedPerSystem()
    {
        var best = new double[_systems.Count];
        foreach (var builder in _builders)
        {
            if (!builder.Alive)
            {
                continue;
            }

            for (var system = 0; system < best.Length; system++)
            {
                best[system] = Math.Max(best[system], builder.SpeedFor(system));
            }
        }

        for (var system = 0; system < best.Length; system++)
        {
            // With no builder yet, any positive scale keeps the order right.
            best[system] = best[system] > 0 ? best[system] : 1;
        }

        return best;
    }

    private ReadyKey KeyOf(DerivationNode node) =>
        _options.Policy == SchedulingPolicy.Fifo
            ? new ReadyKey(0, 0, node.Index)
            : new ReadyKey(node.CriticalPath, node.RunPriority, node.Index);

    /// <summary>Dependencies are done: queue it, or park it with a reason when no live builder could take it.</summary>
    private void MakeReady(DerivationNode node)
    {
        if (IsCapable(node.System, node.Features))
        {
            SetState(node, DerivationState.Ready);
            _ready[node.System].Enqueue(node.Index, KeyOf(node));
            return;
        }

        SetState(node, DerivationState.NoCapableBuilder);
        var group = (node.System, node.Features);
        if (!_waiting.TryGetValue(group, out var waiting))
        {
            waiting = [];
            _waiting.Add(group, waiting);
        }

        waiting.Add(node.Index);
    }

    private bool IsCapable(int system, ulong features)
    {
        if (!_capable.TryGetValue((system, features), out var capable))
        {
            capable = _builders.Exists(builder => builder.CanRun(system, features));
            _capable.Add((system, features), capable);
        }

        return capable;
    }
}

using AsterFarm.Coordinator.Scheduling.Core;
using AsterFarm.Coordinator.Scheduling.Estimates;
using AsterFarm.Coordinator.Scheduling.Graph;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Coordinator.Scheduling.Status;

namespace AsterFarm.Coordinator.Scheduling;

public sealed partial class SchedulerCore
{
    private const int MaxFeatures = 64;
    private const int MaxNamedCulprits = 10;

    /// <summary>
    /// Adds a run. Derivations already known (from earlier runs) are shared, not built twice; cached ones are marked
    /// done; those depending on a failed derivation fail at once. Rejects, changing nothing, a run whose graph has a
    /// cycle or names dependencies that are neither in the run nor known, with a message naming them.
    /// </summary>
    public SubmitResult Submit(RunSubmission run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_runs.ContainsKey(run.Id))
        {
            return SubmitResult.Rejected($"run {run.Id} was already submitted");
        }

        var fresh = new Dictionary<DerivationId, DerivationSpec>();
        var shared = 0;
        foreach (var spec in run.Derivations)
        {
            if (_nodeIndex.ContainsKey(spec.Id))
            {
                shared++;
            }
            else
            {
                fresh.TryAdd(spec.Id, spec);
            }
        }

        var error = FindMissing(fresh) ?? FindTooManyFeatures(fresh);
        if (error is not null)
        {
            return SubmitResult.Rejected(error);
        }

        var order = TopologicalOrder(fresh, out var cycle);
        if (order is null)
        {
            return SubmitResult.Rejected($"dependency cycle: {string.Join(" -> ", cycle)}");
        }

        var added = AddNodes(order);
        var members = new HashSet<int>();
        foreach (var spec in run.Derivations)
        {
            var index = _nodeIndex[spec.Id];
            if (members.Add(index))
            {
                _nodes[index].RunPriority = Math.Max(_nodes[index].RunPriority, run.Priority);
            }
        }

        _runs.Add(run.Id, new RunState(run.Priority, [.. members]));
        RecomputeCriticalPaths();
        var cached = 0;
        foreach (var node in added)
        {
            cached += node.State == DerivationState.Done ? 1 : 0;
            if (node.State == DerivationState.Planned && node.PendingDependencies == 0)
            {
                MakeReady(node);
            }
        }

        return new SubmitResult(true, string.Empty, added.Count, shared, cached);
    }

    private string? FindMissing(Dictionary<DerivationId, DerivationSpec> fresh)
    {
        var missing = new List<string>();
        foreach (var spec in fresh.Values)
        {
            foreach (var dependency in spec.Dependencies)
            {
                if (!fresh.ContainsKey(dependency) && !_nodeIndex.ContainsKey(dependency))
                {
                    missing.Add($"{dependency} (needed by {spec.Id})");
                }
            }
        }

        if (missing.Count == 0)
        {
            return null;
        }

        var more = missing.Count > MaxNamedCulprits ? $" and {missing.Count - MaxNamedCulprits} more" : string.Empty;
        return $"missing derivations: {string.Join(", ", missing.Take(MaxNamedCulprits))}{more}";
    }

    private string? FindTooManyFeatures(Dictionary<DerivationId, DerivationSpec> fresh)
    {
        var unknown = fresh.Values
            .SelectMany(spec => spec.RequiredFeatures)
            .Where(feature => !_features.TryGet(feature, out _))
            .Distinct(StringComparer.Ordinal)
            .Count();
        return _features.Count + unknown > MaxFeatures
            ? $"more than {MaxFeatures} distinct required system features"
            : null;
    }

    /// <summary>Dependencies-first order of the new derivations, or null with the cycle (first element repeated last).</summary>
    private static List<DerivationSpec>? TopologicalOrder(Dictionary<DerivationId, DerivationSpec> fresh, out List<DerivationId> cycle)
    {
        cycle = [];
        var order = new List<DerivationSpec>(fresh.Count);
        // 1 = on the current DFS path, 2 = finished.
        var mark = new Dictionary<DerivationId, byte>(fresh.Count);
        var path = new List<(DerivationSpec Spec, int Next)>();
        foreach (var root in fresh.Values)
        {
            if (mark.ContainsKey(root.Id))
            {
                continue;
            }

            mark[root.Id] = 1;
            path.Add((root, 0));
            while (path.Count > 0)
            {
                var (spec, next) = path[^1];
                if (next == spec.Dependencies.Count)
                {
                    mark[spec.Id] = 2;
                    order.Add(spec);
                    path.RemoveAt(path.Count - 1);
                    continue;
                }

                path[^1] = (spec, next + 1);
                var dependency = spec.Dependencies[next];
                if (!fresh.TryGetValue(dependency, out var child))
                {
                    continue;
                }

                if (!mark.TryGetValue(dependency, out var state))
                {
                    mark[dependency] = 1;
                    path.Add((child, 0));
                }
                else if (state == 1)
                {
                    var start = path.FindIndex(entry => entry.Spec.Id == dependency);
                    cycle = [.. path.Skip(start).Select(entry => entry.Spec.Id), dependency];
                    return null;
                }
            }
        }

        return order;
    }

    private List<DerivationNode> AddNodes(List<DerivationSpec> order)
    {
        var added = new List<DerivationNode>(order.Count);
        foreach (var spec in order)
        {
            var system = InternSystem(spec.System);
            var features = 0UL;
            foreach (var feature in spec.RequiredFeatures)
            {
                features |= 1UL << _features.Intern(feature);
            }

            var package = string.IsNullOrEmpty(spec.PackageName) ? PackageName.FromDerivationName(spec.Id.Value) : spec.PackageName;
            var dependencies = spec.Dependencies.Select(id => _nodeIndex[id]).Distinct().ToArray();
            var node = new DerivationNode(
                spec.Id, _nodes.Count, system, features, Estimator.KeyOf(package, spec.System),
                Estimator.PriorSeconds(spec.System, spec.RequiredFeatures), spec.OutputBytes, dependencies);
            _nodes.Add(node);
            _nodeIndex.Add(spec.Id, node.Index);
            _counts[system][(int)DerivationState.Planned]++;
            added.Add(node);
            foreach (var dependency in dependencies)
            {
                _nodes[dependency].Dependents.Add(node.Index);
            }

            if (spec.IsCached)
            {
                SetState(node, DerivationState.Done);
                continue;
            }

            foreach (var dependency in dependencies)
            {
                var input = _nodes[dependency];
                if (input.State == DerivationState.Failed)
                {
                    Fail(node, input.FailedBecauseOf, $"dependency failed: {_nodes[input.FailedBecauseOf].Id}");
                    break;
                }

                node.PendingDependencies += input.State == DerivationState.Done ? 0 : 1;
            }
        }

        return added;
    }
}

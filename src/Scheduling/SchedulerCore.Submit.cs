using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    private const int MaxFeatures = 64;
    private const int MaxNamedCulprits = 10;

    /// <summary>
    /// Adds a run. Derivations already known (from earlier runs) are shared, not built twice; cached ones are marked
    /// done; those depending on a failed derivation fail at once. With <see cref="RunSubmission.CachedFailure"/>,
    /// earlier failures it does not confirm are built again (see <see cref="Revive"/>). Rejects, changing nothing, a run whose graph has a
    /// cycle or names dependencies that are neither in the run nor known, with a message naming them.
    /// </summary>
    public SubmitResult Submit(RunSubmission run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_runs.ContainsKey(run.Id))
        {
            return SubmitResult.Rejected($"run {run.Id} was already submitted");
        }

        // New derivations get local numbers; dependencies are resolved once, to a local number or (complemented) a
        // known node's index, so the rest of the submission works on integers.
        var local = new Dictionary<DerivationId, int>();
        var fresh = new List<DerivationSpec>();
        var members = new HashSet<int>();
        foreach (var spec in run.Derivations)
        {
            if (_nodeIndex.TryGetValue(spec.Id, out var known))
            {
                members.Add(known);
            }
            else if (local.TryAdd(spec.Id, fresh.Count))
            {
                fresh.Add(spec);
            }
        }

        var shared = members.Count;
        var dependencies = ResolveDependencies(fresh, local, out var error);
        error ??= FindTooManyFeatures(fresh);
        if (error is not null)
        {
            return SubmitResult.Rejected(error);
        }

        var order = TopologicalOrder(dependencies, out var cycle);
        if (order is null)
        {
            return SubmitResult.Rejected($"dependency cycle: {string.Join(" -> ", cycle.Select(i => fresh[i].Id))}");
        }

        var revived = run.CachedFailure is { } cachedFailure ? Revive(members, cachedFailure) : [];
        var added = AddNodes(fresh, dependencies, order, run.CachedFailure);
        members.UnionWith(added.Select(node => node.Index));
        foreach (var index in members)
        {
            _nodes[index].RunPriority = Math.Max(_nodes[index].RunPriority, run.Priority);
        }

        _runs.Add(run.Id, new PlannedRun(run.Priority, [.. members]));
        RecomputeCriticalPaths();
        foreach (var node in revived)
        {
            if (node.State == DerivationState.Planned && node.PendingDependencies == 0)
            {
                MakeReady(node);
            }
        }

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

    /// <summary>Per new derivation its distinct dependencies: a local number (≥ 0) or the complement of a known node's index.</summary>
    private int[][] ResolveDependencies(List<DerivationSpec> fresh, Dictionary<DerivationId, int> local, out string? error)
    {
        var resolved = new int[fresh.Count][];
        var missing = new List<string>();
        for (var i = 0; i < fresh.Count; i++)
        {
            var spec = fresh[i];
            var list = new int[spec.Dependencies.Count];
            var count = 0;
            foreach (var dependency in spec.Dependencies)
            {
                int target;
                if (local.TryGetValue(dependency, out var l))
                {
                    target = l;
                }
                else if (_nodeIndex.TryGetValue(dependency, out var known))
                {
                    target = ~known;
                }
                else
                {
                    missing.Add($"{dependency} (needed by {spec.Id})");
                    continue;
                }

                if (Array.IndexOf(list, target, 0, count) < 0)
                {
                    list[count++] = target;
                }
            }

            resolved[i] = count == list.Length ? list : list[..count];
        }

        var more = missing.Count > MaxNamedCulprits ? $" and {missing.Count - MaxNamedCulprits} more" : string.Empty;
        error = missing.Count == 0 ? null : $"missing derivations: {string.Join(", ", missing.Take(MaxNamedCulprits))}{more}";
        return resolved;
    }

    private string? FindTooManyFeatures(List<DerivationSpec> fresh)
    {
        var unknown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in fresh)
        {
            foreach (var feature in spec.RequiredFeatures)
            {
                if (!_features.TryGet(feature, out _))
                {
                    unknown.Add(feature);
                }
            }
        }

        return _features.Count + unknown.Count > MaxFeatures
            ? $"more than {MaxFeatures} distinct required system features"
            : null;
    }

    /// <summary>Dependencies-first order of the new derivations (local numbers), or null with the cycle (first element repeated last).</summary>
    private static int[]? TopologicalOrder(int[][] dependencies, out List<int> cycle)
    {
        cycle = [];
        var order = new int[dependencies.Length];
        var count = 0;
        // 1 = on the current DFS path, 2 = finished.
        var mark = new byte[dependencies.Length];
        var path = new Stack<(int Node, int Next)>();
        for (var root = 0; root < dependencies.Length; root++)
        {
            if (mark[root] != 0)
            {
                continue;
            }

            mark[root] = 1;
            path.Push((root, 0));
            while (path.TryPop(out var top))
            {
                var (node, next) = top;
                if (next == dependencies[node].Length)
                {
                    mark[node] = 2;
                    order[count++] = node;
                    continue;
                }

                path.Push((node, next + 1));
                var dependency = dependencies[node][next];
                if (dependency < 0 || mark[dependency] == 2)
                {
                    continue;
                }

                if (mark[dependency] == 1)
                {
                    var onPath = path.Select(entry => entry.Node).Reverse().ToList();
                    cycle = [.. onPath.Skip(onPath.IndexOf(dependency)), dependency];
                    return null;
                }

                mark[dependency] = 1;
                path.Push((dependency, 0));
            }
        }

        return order;
    }

    private List<DerivationNode> AddNodes(List<DerivationSpec> fresh, int[][] localDependencies, int[] order, Func<DerivationId, string?>? cachedFailure)
    {
        var added = new List<DerivationNode>(order.Length);
        var globalOf = new int[fresh.Count];
        foreach (var i in order)
        {
            var spec = fresh[i];
            var system = InternSystem(spec.System);
            var features = 0UL;
            foreach (var feature in spec.RequiredFeatures)
            {
                features |= 1UL << _features.Intern(feature);
            }

            var dependencies = localDependencies[i];
            for (var d = 0; d < dependencies.Length; d++)
            {
                dependencies[d] = dependencies[d] < 0 ? ~dependencies[d] : globalOf[dependencies[d]];
            }

            var package = string.IsNullOrEmpty(spec.PackageName) ? PackageName.FromDerivationName(spec.Id.Value) : spec.PackageName;
            var node = new DerivationNode(
                spec.Id, _nodes.Count, system, features, Estimator.KeyOf(package, spec.System),
                Estimator.PriorSeconds(spec.System, spec.RequiredFeatures), spec.OutputBytes, dependencies);
            globalOf[i] = node.Index;
            _nodes.Add(node);
            _nodeIndex.Add(spec.Id, node.Index);
            _counts[system][(int)DerivationState.Planned]++;
            added.Add(node);
            for (var d = 0; d < dependencies.Length; d++)
            {
                var input = _nodes[dependencies[d]];
                input.Dependents.Add(node.Index);
                node.DependencyBytes[d] = input.OutputBytes;
                node.InputBytes += input.OutputBytes;
            }

            if (spec.IsCached)
            {
                SetState(node, DerivationState.Done);
                continue;
            }

            if (cachedFailure?.Invoke(spec.Id) is { } failure)
            {
                Fail(node, node.Index, failure, Shared.Protocol.Runs.FailureCause.Build);
                continue;
            }

            foreach (var dependency in dependencies)
            {
                var input = _nodes[dependency];
                if (input.State == DerivationState.Failed)
                {
                    Fail(node, input.FailedBecauseOf, $"dependency failed: {_nodes[input.FailedBecauseOf].Id}", Shared.Protocol.Runs.FailureCause.Dependency);
                    break;
                }

                node.PendingDependencies += input.State == DerivationState.Done ? 0 : 1;
            }
        }

        return added;
    }

    /// <summary>
    /// Known derivations of a new run that failed earlier (or were cancelled) and that <paramref name="cachedFailure"/>
    /// does not confirm become buildable again, and so do those that failed only because of them; a confirmed failure
    /// takes the cache's reason. Indices are topological, so causes are decided before their dependents.
    /// </summary>
    private List<DerivationNode> Revive(HashSet<int> known, Func<DerivationId, string?> cachedFailure)
    {
        var revived = new List<DerivationNode>();
        foreach (var index in known.Order())
        {
            var node = _nodes[index];
            if (node.State != DerivationState.Failed)
            {
                continue;
            }

            if (node.FailedBecauseOf == index)
            {
                if (cachedFailure(node.Id) is { } reason)
                {
                    node.FailureReason = reason;
                    node.Cause = Shared.Protocol.Runs.FailureCause.Build;
                    continue;
                }
            }
            else if (node.FailedBecauseOf >= 0 && _nodes[node.FailedBecauseOf].State == DerivationState.Failed)
            {
                continue;
            }

            SetState(node, DerivationState.Planned);
            node.FailedBecauseOf = -1;
            node.FailureReason = string.Empty;
            node.Avoid = null;
            node.PendingDependencies = 0;
            foreach (var dependency in node.Dependencies)
            {
                var input = _nodes[dependency];
                if (input.State == DerivationState.Failed)
                {
                    Fail(node, input.FailedBecauseOf, $"dependency failed: {_nodes[input.FailedBecauseOf].Id}", Shared.Protocol.Runs.FailureCause.Dependency);
                    break;
                }

                node.PendingDependencies += input.State == DerivationState.Done ? 0 : 1;
            }

            revived.Add(node);
        }

        return revived;
    }
}

using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;

namespace AsterFarm.Scheduling;

/// <summary>Read-only views for the dashboard: a derivation's dependencies and each system's ready queue in dispatch order.</summary>
public sealed partial class SchedulerCore
{
    /// <summary>The derivations <paramref name="id"/> depends on; empty when the core does not know it.</summary>
    public IEnumerable<DerivationId> DependenciesOf(DerivationId id) =>
        _nodeIndex.TryGetValue(id, out var index) ? _nodes[index].Dependencies.Select(dependency => _nodes[dependency].Id) : [];

    /// <summary>
    /// Per system, its queued (ready) derivations: how many, and the first <paramref name="take"/> in the order
    /// <see cref="Schedule"/> would take them, and all of them unordered. Reads the queues without dequeuing (entries of
    /// derivations no longer ready are skipped, as the scheduler skips them).
    /// </summary>
    public IReadOnlyDictionary<string, ReadyQueueView> ReadyQueues(int take)
    {
        var result = new Dictionary<string, ReadyQueueView>(StringComparer.Ordinal);
        for (var system = 0; system < _ready.Count; system++)
        {
            var ready = _ready[system].UnorderedItems.Where(item => _nodes[item.Element].State == DerivationState.Ready).ToList();
            var first = ready
                .OrderBy(item => item.Priority)
                .Take(take)
                .Select(item => new QueuedDerivation(_nodes[item.Element].Id, _nodes[item.Element].CriticalPath, _nodes[item.Element].RunPriority))
                .ToList();
            result[_systems.NameOf(system)] = new ReadyQueueView(first, [.. ready.Select(item => _nodes[item.Element].Id)]);
        }

        return result;
    }
}

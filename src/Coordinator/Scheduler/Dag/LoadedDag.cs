using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;

namespace AsterFarm.Coordinator.Scheduler.Dag;

/// <summary>What <see cref="DagLoader"/> found for a run's roots: the derivations to plan, or the problems that reject the run.</summary>
/// <param name="Derivations">The closure, pruned below derivations whose outputs the cache holds (those are marked cached).</param>
/// <param name="Outputs">Each derivation's output names (what a dispatch asks for).</param>
/// <param name="Problems">Missing <c>.drv</c>s, missing input sources, unreadable derivations; empty when the DAG is complete.</param>
internal sealed record LoadedDag(
    IReadOnlyList<DerivationSpec> Derivations,
    IReadOnlyDictionary<DerivationId, IReadOnlyList<string>> Outputs,
    IReadOnlyList<string> Problems)
{
    public bool IsComplete => Problems.Count == 0;

    public int CachedCount => Derivations.Count(spec => spec.IsCached);
}

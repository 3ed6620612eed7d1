using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>Converts a loaded DAG to its journal form and back to what the scheduling core plans.</summary>
internal static class PersistedDags
{
    public static RunDagAccepted Accepted(RunId run, LoadedDag dag)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var position = new Dictionary<DerivationId, int>(dag.Derivations.Count);
        for (var i = 0; i < dag.Derivations.Count; i++)
        {
            position.TryAdd(dag.Derivations[i].Id, i);
        }

        var derivations = dag.Derivations.Select(spec =>
        {
            var inside = new List<int>(spec.Dependencies.Count);
            var outside = new List<string>();
            foreach (var dependency in spec.Dependencies)
            {
                if (position.TryGetValue(dependency, out var at))
                {
                    inside.Add(at);
                }
                else
                {
                    outside.Add(dependency.Value);
                }
            }

            return new PersistedDerivation(
                spec.Id.Value, spec.System, spec.PackageName, [.. inside], [.. outside],
                [.. spec.RequiredFeatures], spec.OutputBytes, spec.IsCached,
                [.. dag.Outputs.TryGetValue(spec.Id, out var outputs) ? outputs : ["out"]]);
        });
        return new RunDagAccepted(run, [.. derivations]);
    }

    /// <summary>The specs to submit again after recovery; derivations in <paramref name="built"/> are submitted as done.</summary>
    public static List<DerivationSpec> Specs(IReadOnlyList<PersistedDerivation> derivations, Func<string, bool> built)
    {
        ArgumentNullException.ThrowIfNull(derivations);
        var ids = derivations.Select(derivation => new DerivationId(derivation.Id)).ToArray();
        return
        [
            .. derivations.Select((derivation, i) => new DerivationSpec(
                ids[i],
                derivation.System,
                derivation.PackageName,
                [.. derivation.Dependencies.Select(at => ids[at]), .. derivation.OtherDependencies.Select(other => new DerivationId(other))],
                [.. derivation.RequiredFeatures],
                derivation.OutputBytes,
                derivation.IsCached || built(derivation.Id))),
        ];
    }
}

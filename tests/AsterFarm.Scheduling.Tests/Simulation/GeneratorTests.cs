using AsterFarm.Scheduling.Simulation;

namespace AsterFarm.Scheduling.Tests.Simulation;

public sealed class GeneratorTests
{
    [Fact]
    public void The_generated_dag_has_the_requested_size_three_systems_and_heavy_builds()
    {
        var dag = DagGenerator.Generate(3001, seed: 7);

        Assert.Equal(3001, dag.Count);
        Assert.Equal(DagGenerator.Systems.Order(), dag.Select(d => d.System).Distinct().Order());
        Assert.Equal(3, dag.Count(d => d.Id.Contains("/chromium-", StringComparison.Ordinal) && d.Features!.Contains("big-parallel")));
        var ids = dag.Select(d => d.Id).ToHashSet();
        Assert.All(dag, d => Assert.All(d.Deps!, dep => Assert.Contains(dep, ids)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_dag()
    {
        Assert.Equal(DagGenerator.Generate(300, seed: 3), DagGenerator.Generate(300, seed: 3), new RecordComparer());
    }

    [Fact]
    public void A_third_of_the_generated_builders_emulate()
    {
        var builders = BuilderGenerator.Generate(40, 1.0 / 3);

        Assert.Equal(40, builders.Nodes.Count);
        Assert.Equal(13, builders.Nodes.Count(n => n.Emulated is { Count: > 0 }));
        Assert.All(DagGenerator.Systems, system => Assert.Contains(builders.Nodes, n => n.Native?.ContainsKey(system) == true));
    }

    private sealed class RecordComparer : IEqualityComparer<DagRecord>
    {
        public bool Equals(DagRecord? x, DagRecord? y) =>
            x is not null && y is not null && x.Id == y.Id && x.System == y.System && x.DurationS == y.DurationS
            && x.Deps!.SequenceEqual(y.Deps!) && x.Features!.SequenceEqual(y.Features!) && x.OutputBytes == y.OutputBytes;

        public int GetHashCode(DagRecord obj) => obj.Id.GetHashCode(StringComparison.Ordinal);
    }
}

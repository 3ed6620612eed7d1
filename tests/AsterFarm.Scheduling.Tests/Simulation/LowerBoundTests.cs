using AsterFarm.Scheduling.Simulation;

namespace AsterFarm.Scheduling.Tests.Simulation;

public sealed class LowerBoundTests
{
    private static BuilderRecord Node(string name, int slots, string system, double speed) =>
        new(name, slots, new Dictionary<string, double> { [system] = speed }, null, null);

    [Fact]
    public void The_critical_path_counts_each_derivation_at_its_best_speed()
    {
        var dag = new List<DagRecord>
        {
            new("a", "x86_64-linux", null, 100, null),
            new("b", "riscv64-linux", ["a"], 100, null),
        };

        var bound = LowerBound.Compute(dag, [Node("x", 1, "x86_64-linux", 2), Node("r", 1, "riscv64-linux", 0.5)]);

        Assert.Equal(50 + 200, bound.CriticalPathSeconds, 6);
    }

    [Fact]
    public void Work_is_divided_by_the_capacity_that_can_serve_it()
    {
        var dag = Enumerable.Range(0, 8).Select(i => new DagRecord($"d{i}", "riscv64-linux", null, 100, null)).ToList();

        var bound = LowerBound.Compute(dag, [Node("r", 4, "riscv64-linux", 0.5), Node("x", 16, "x86_64-linux", 1)]);

        Assert.Equal(800 / 2.0, bound.WorkSeconds, 6);
        Assert.Equal("riscv64-linux", bound.WorkSystems);
    }

    [Fact]
    public void Work_behind_a_chain_cannot_start_before_the_chain_ends()
    {
        // Four 100 s derivations behind a 100 s root, two slots: 100 + 400 / 2.
        var dag = new List<DagRecord> { new("root", "x86_64-linux", null, 100, null) };
        dag.AddRange(Enumerable.Range(0, 4).Select(i => new DagRecord($"d{i}", "x86_64-linux", ["root"], 100, null)));

        var bound = LowerBound.Compute(dag, [Node("x", 2, "x86_64-linux", 1)]);

        Assert.Equal(300, bound.PhasedWorkSeconds, 6);
        Assert.Equal(300, bound.Seconds, 6);
    }
}

using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Simulation;
using CsCheck;

namespace AsterFarm.Scheduling.Tests.Simulation;

public sealed class SimulatorPropertyTests
{
    private static readonly string[] Systems = ["x86_64-linux", "aarch64-linux", "riscv64-linux"];

    /// <summary>A random DAG (dependencies only on earlier derivations) and random builders, one of which can build anything.</summary>
    private static readonly Gen<(List<DagRecord> Dag, BuildersFile Builders)> Farms =
        Gen.Select(Gen.Int[1, 30], Gen.Int[0, 3], Gen.Int[0, int.MaxValue]).Select(t => Build(t.Item1, t.Item2, t.Item3));

    [Theory]
    [InlineData(SchedulingPolicy.CriticalPath)]
    [InlineData(SchedulingPolicy.Fifo)]
    public void The_simulation_finishes_respects_dependencies_and_slots_and_never_beats_the_lower_bound(SchedulingPolicy policy)
    {
        Farms.Sample(farm =>
        {
            var (dag, builders) = farm;
            var outcome = Simulator.Run(dag, builders, new SchedulerOptions { Policy = policy }, keepTrace: true);
            var builds = outcome.Trace.ToDictionary(b => b.Id);

            Assert.Equal(0, outcome.Result.Unfinished);
            Assert.Equal(dag.Count, builds.Count);
            foreach (var record in dag)
            {
                foreach (var dependency in record.Deps ?? [])
                {
                    Assert.True(builds[record.Id].Start >= builds[dependency].End, $"{record.Id} started before {dependency} ended");
                }
            }

            var slots = builders.Nodes.ToDictionary(n => n.Name, n => n.Slots);
            foreach (var slot in outcome.Trace.GroupBy(b => (b.Node, b.Slot)))
            {
                Assert.InRange(slot.Key.Slot, 0, slots[slot.Key.Node] - 1);
                var ordered = slot.OrderBy(b => b.Start).ToList();
                for (var i = 1; i < ordered.Count; i++)
                {
                    Assert.True(ordered[i].Start >= ordered[i - 1].End, $"slot {slot.Key} overlaps");
                }
            }

            Assert.True(outcome.Result.MakespanS >= outcome.Result.LowerBoundS - 1e-6,
                $"makespan {outcome.Result.MakespanS} < lower bound {outcome.Result.LowerBoundS}");
        }, iter: 300);
    }

    private static (List<DagRecord>, BuildersFile) Build(int count, int extraBuilders, int seed)
    {
        var random = new Random(seed);
        var dag = new List<DagRecord>();
        for (var i = 0; i < count; i++)
        {
            var deps = Enumerable.Range(0, i).Where(_ => random.NextDouble() < 0.2).Select(d => $"d{d}").ToArray();
            dag.Add(new DagRecord($"d{i}-1.0", Systems[random.Next(3)], deps.Select(d => $"{d}-1.0").ToArray(),
                1 + random.Next(600), random.Next(4) == 0 ? ["big-parallel"] : [], random.Next(3) * 100_000_000L));
        }

        var nodes = new List<BuilderRecord>
        {
            new("any", 1 + random.Next(3), Systems.ToDictionary(s => s, _ => 0.5 + random.NextDouble()), null, ["big-parallel"]),
        };
        for (var i = 0; i < extraBuilders; i++)
        {
            var system = Systems[random.Next(3)];
            nodes.Add(new BuilderRecord($"b{i}", 1 + random.Next(4),
                new Dictionary<string, double> { [system] = 0.5 + random.NextDouble() },
                new Dictionary<string, double> { [Systems[random.Next(3)]] = 0.1 + (0.2 * random.NextDouble()) },
                random.Next(2) == 0 ? ["big-parallel"] : []));
        }

        return (dag, new BuildersFile(nodes));
    }
}

using AsterFarm.Coordinator.Cli;
using AsterFarm.Scheduling.Simulation;

namespace AsterFarm.Coordinator.Tests.Simulation;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("asterfarm-simulate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Generate_then_simulate_both_policies_succeeds()
    {
        var dag = Path.Combine(_directory, "dag.jsonl");
        var builders = Path.Combine(_directory, "builders.json");

        var generated = SimulateCommand.Create().Parse(["generate", "--derivations", "90", "--seed", "4", "--out", dag, "--builders-out", builders]).Invoke();

        Assert.Equal(0, generated);
        Assert.Equal(90, SimulationFiles.ReadDag(dag).Count);
        Assert.Equal(40, SimulationFiles.ReadBuilders(builders).Nodes.Count);
        Assert.Equal(0, SimulateCommand.Create().Parse(["--dag", dag, "--builders", builders, "--policy", "asterfarm"]).Invoke());
        Assert.Equal(0, SimulateCommand.Create().Parse(["--dag", dag, "--builders", builders, "--policy", "fifo"]).Invoke());
    }

    [Fact]
    public void A_dag_with_a_cycle_is_reported_and_fails()
    {
        var dag = Path.Combine(_directory, "dag.jsonl");
        var builders = Path.Combine(_directory, "builders.json");
        File.WriteAllLines(dag,
        [
            """{"id":"a","system":"x86_64-linux","deps":["b"],"duration_s":1,"features":[]}""",
            """{"id":"b","system":"x86_64-linux","deps":["a"],"duration_s":1,"features":[]}""",
        ]);
        SimulationFiles.WriteBuilders(builders, BuilderGenerator.Generate(3, 0));

        Assert.Equal(1, SimulateCommand.Create().Parse(["--dag", dag, "--builders", builders]).Invoke());
    }
}

using System.CommandLine;
using System.Text.Json;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Scheduling;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Simulation;

namespace AsterFarm.Coordinator.Cli;

/// <summary>
/// <c>asterfarm simulate --dag DAG.jsonl --builders BUILDERS.json [--policy asterfarm|fifo]</c>: the scheduling core
/// against simulated builders in virtual time, printing the figures as JSON; and <c>asterfarm simulate generate</c>
/// for nixpkgs-like DAGs and builder sets.
/// </summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var dag = new Option<FileInfo>("--dag") { Required = true, Description = "DAG as JSON lines: {\"id\",\"system\",\"deps\",\"duration_s\",\"features\"}" };
        var builders = new Option<FileInfo>("--builders") { Required = true, Description = "Builders as JSON: {\"nodes\":[{\"name\",\"slots\",\"native\",\"emulated\",\"features\"}]}" };
        var policy = new Option<string>("--policy") { Description = "asterfarm (critical path, earliest finish) or fifo (Nix/Hydra order)", DefaultValueFactory = _ => "asterfarm" };
        policy.AcceptOnlyFromAmong("asterfarm", "fifo");
        var trace = new Option<FileInfo?>("--trace") { Description = "Also write every build (id, node, slot, start, end) as JSON lines here" };
        var command = new Command("simulate", "Run the scheduling core against simulated builders in virtual time") { dag, builders, policy, trace };
        command.Subcommands.Add(CreateGenerate());
        CliAction.Set(command, parseResult =>
        {
            var dagFile = parseResult.GetRequiredValue(dag);
            var buildersFile = parseResult.GetRequiredValue(builders);
            var options = new SchedulerOptions
            {
                Policy = parseResult.GetValue(policy) == "fifo" ? SchedulingPolicy.Fifo : SchedulingPolicy.CriticalPath,
            };
            var traceFile = parseResult.GetValue(trace);
            var outcome = Simulator.Run(
                SimulationFiles.ReadDag(dagFile.FullName), SimulationFiles.ReadBuilders(buildersFile.FullName), options, keepTrace: traceFile is not null);
            if (traceFile is not null)
            {
                File.WriteAllLines(traceFile.FullName, outcome.Trace.Select(build => JsonSerializer.Serialize(build, SimulationFiles.Json)));
            }

            Console.WriteLine(JsonSerializer.Serialize(outcome.Result, Indented));
            return outcome.Result.Unfinished == 0 ? 0 : CliAction.Failed;
        });
        return command;
    }

    private static JsonSerializerOptions Indented { get; } = new(SimulationFiles.Json) { WriteIndented = true };

    private static Command CreateGenerate()
    {
        var derivations = new Option<int>("--derivations") { Description = "Number of derivations (split evenly over three systems)", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the DAG (JSON lines)", Required = true };
        var buildersOut = new Option<FileInfo?>("--builders-out") { Description = "Also write a builders file here" };
        var builderCount = new Option<int>("--builder-count") { Description = "Builder nodes in the builders file", DefaultValueFactory = _ => 40 };
        var emulatedShare = new Option<double>("--emulated-share") { Description = "Share of builders that are x86_64 servers emulating aarch64/riscv64", DefaultValueFactory = _ => 1.0 / 3 };
        var command = new Command("generate", "Generate a nixpkgs-like DAG (and optionally builders) for the simulator")
        {
            derivations, seed, output, buildersOut, builderCount, emulatedShare,
        };
        CliAction.Set(command, parseResult =>
        {
            var records = DagGenerator.Generate(parseResult.GetValue(derivations), parseResult.GetValue(seed));
            SimulationFiles.WriteDag(parseResult.GetRequiredValue(output).FullName, records);
            Console.WriteLine($"wrote {records.Count} derivations to {parseResult.GetRequiredValue(output).FullName}");
            if (parseResult.GetValue(buildersOut) is { } buildersFile)
            {
                var generated = BuilderGenerator.Generate(parseResult.GetValue(builderCount), parseResult.GetValue(emulatedShare));
                SimulationFiles.WriteBuilders(buildersFile.FullName, generated);
                Console.WriteLine($"wrote {generated.Nodes.Count} builders to {buildersFile.FullName}");
            }

            return 0;
        });
        return command;
    }
}

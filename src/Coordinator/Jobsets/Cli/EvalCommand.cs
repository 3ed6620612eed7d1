using System.CommandLine;
using System.Text.Json;
using AsterFarm.Coordinator.Jobsets.Diff;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Cli;

/// <summary><c>asterfarm eval show|diff</c>: one evaluation of a jobset, and what changed between two.</summary>
internal static class EvalCommand
{
    public static Command Create() => new("eval", "Show a jobset's evaluations and what changed between them") { Show(), Diff() };

    private static Command Show()
    {
        var jobset = new Argument<string>("jobset") { Description = "The jobset" };
        var number = new Argument<int?>("number") { Description = "The evaluation (default: the latest)", Arity = ArgumentArity.ZeroOrOne };
        var json = JobsetCommand.JsonOption();
        var command = new Command("show", "Show an evaluation: its inputs, and each job's derivation and outcome") { jobset, number, json };
        return JobsetCommand.Connected(command, async (parseResult, api, cancellationToken) =>
        {
            using var document = await api.EvaluationAsync(parseResult.GetRequiredValue(jobset), parseResult.GetValue(number), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                JobsetCommand.Print(document);
                return 0;
            }

            JobsetText.Jobs(Console.Out, document.RootElement.Deserialize<EvaluationRecord>(JobsetsApiClient.Json)!);
            return 0;
        });
    }

    private static Command Diff()
    {
        var jobset = new Argument<string>("jobset") { Description = "The jobset" };
        var from = new Argument<int?>("from") { Description = "The older evaluation (default: the finished one before the newer)", Arity = ArgumentArity.ZeroOrOne };
        var to = new Argument<int?>("to") { Description = "The newer evaluation (default: the latest)", Arity = ArgumentArity.ZeroOrOne };
        var json = JobsetCommand.JsonOption();
        var command = new Command("diff", "What changed between two evaluations: newly failing, fixed, still failing, added, removed, rebuilt, unchanged, slower") { jobset, from, to, json };
        return JobsetCommand.Connected(command, async (parseResult, api, cancellationToken) =>
        {
            using var document = await api.DiffAsync(parseResult.GetRequiredValue(jobset), parseResult.GetValue(from), parseResult.GetValue(to), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                JobsetCommand.Print(document);
                return 0;
            }

            JobsetText.Diff(Console.Out, document.RootElement.GetProperty("diff").Deserialize<EvaluationDiff>(JobsetsApiClient.Json)!);
            return 0;
        });
    }
}

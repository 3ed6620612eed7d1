using System.CommandLine;
using System.Text.Json;
using AsterFarm.Hosting.CommandLine;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary><c>asterfarm status [run]</c>: one run's progress, or a line per recent run.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var connection = new FarmConnection();
        var run = new Argument<string?>("run") { Description = "The run id (default: list recent runs)", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var command = new Command("status", "Show a run of the farm, or all recent runs") { run, json };
        connection.AddTo(command);
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            using var http = connection.CreateHttpClient(parseResult);
            var api = new FarmApiClient(http);
            var asJson = parseResult.GetValue(json);
            if (parseResult.GetValue(run) is { } id)
            {
                var status = await api.StatusAsync(id, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"no run {id}");
                if (asJson)
                {
                    Console.WriteLine(JsonSerializer.Serialize(status, FarmApiClient.Json));
                }
                else
                {
                    var view = new ProgressView(Console.Out, interactive: false);
                    view.Show(status);
                    view.Summary(status);
                }

                return 0;
            }

            var runs = await api.ListAsync(cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(runs, FarmApiClient.Json));
                return 0;
            }

            foreach (var status in runs)
            {
                var done = status.Systems.Sum(s => s.Done);
                var total = status.Systems.Sum(s => s.Planned + s.Waiting + s.Running + s.Done + s.Failed);
                Console.WriteLine($"{status.Run}  {status.State,-10} {done}/{total} done, {status.Systems.Sum(s => s.Running)} running, {status.Systems.Sum(s => s.Failed)} failed");
            }

            return 0;
        });
        return command;
    }
}

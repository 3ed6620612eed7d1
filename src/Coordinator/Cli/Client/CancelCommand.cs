using System.CommandLine;
using System.Text.Json;
using AsterFarm.Hosting.CommandLine;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary><c>asterfarm cancel run</c>: stops a run's builds that no other run needs, on every builder.</summary>
internal static class CancelCommand
{
    public static Command Create()
    {
        var connection = new FarmConnection();
        var run = new Argument<string>("run") { Description = "The run id" };
        var json = new Option<bool>("--json") { Description = "Print the run's status as JSON" };
        var command = new Command("cancel", "Cancel a run of the farm: its builds stop unless another run needs them") { run, json };
        connection.AddTo(command);
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            using var http = connection.CreateHttpClient(parseResult);
            var id = parseResult.GetRequiredValue(run);
            var status = await new FarmApiClient(http).CancelAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"no run {id}");
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(status, FarmApiClient.Json));
            }
            else
            {
                new ProgressView(Console.Out, interactive: false).Summary(status);
            }

            return 0;
        });
        return command;
    }
}

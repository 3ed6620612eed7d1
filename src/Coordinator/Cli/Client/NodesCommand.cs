using System.CommandLine;
using System.Text.Json;
using AsterFarm.Hosting.CommandLine;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary><c>asterfarm nodes</c>: the cluster's members, each builder with its systems, features, slots and running builds.</summary>
internal static class NodesCommand
{
    public static Command Create()
    {
        var connection = new FarmConnection();
        var json = new Option<bool>("--json") { Description = "Print JSON (what GET /api/v1/nodes returns)" };
        var command = new Command("nodes", "Show the farm's nodes: builders with their capabilities, free slots and running builds") { json };
        connection.AddTo(command);
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            using var http = connection.CreateHttpClient(parseResult);
            var nodes = await new FarmApiClient(http).NodesAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(nodes, FarmApiClient.Json));
            }
            else
            {
                NodesText.Write(Console.Out, nodes);
            }

            return 0;
        });
        return command;
    }
}

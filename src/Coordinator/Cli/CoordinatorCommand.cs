using System.CommandLine;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Hosting;
using AsterFarm.Hosting.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsterFarm.Coordinator.Cli;

/// <summary><c>asterfarm coordinator</c>: runs a coordinator cluster node until SIGTERM, then leaves the cluster gracefully.</summary>
internal static class CoordinatorCommand
{
    public static Command Create()
    {
        var flags = new NodeFlags();
        var persistence = new PersistenceFlags();
        var command = new Command(
            "coordinator",
            "Run a coordinator node of the AsterFarm cluster (scheduler, cache replica, HTTP API); stops gracefully on SIGTERM");
        flags.AddTo(command);
        persistence.AddTo(command);
        CliAction.Set(command, async (parseResult, cancellationToken) =>
        {
            await using var app = CoordinatorNode.CreateBuilder(flags.Read(parseResult), persistence.Read(parseResult)).Build();
            var exit = app.Services.GetRequiredService<NodeExitCode>();
            // IHost.RunAsync(token): the token (SIGTERM via System.CommandLine) stops the host, which leaves the cluster.
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken).ConfigureAwait(false);
            // Downed by the cluster rather than stopped by SIGTERM: non-zero, so that the node is restarted.
            return exit.Code;
        });
        return command;
    }
}

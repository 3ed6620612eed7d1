using System.CommandLine;
using AsterFarm.Coordinator.Hosting;
using AsterFarm.Shared.CommandLine;
using AsterFarm.Shared.Hosting;
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
            // The token (SIGTERM via System.CommandLine) stops the host, which leaves the cluster. Not IHost.RunAsync:
            // it disposes the host, whose services the exit code is read from (a downed node then failed with exit 1).
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            // Downed by the cluster rather than stopped by SIGTERM: non-zero, so that the node is restarted.
            return NodeExitCode.Of(app.Services);
        });
        return command;
    }
}

using System.CommandLine;
using AsterFarm.Builder.Hosting;
using AsterFarm.Hosting;
using AsterFarm.Hosting.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsterFarm.Builder.Cli;

/// <summary><c>asterfarm-builder node</c>: runs a builder cluster node until SIGTERM, then leaves the cluster gracefully.</summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var flags = new NodeFlags();
        var builderFlags = new BuilderFlags();
        var command = new Command("node", "Run a builder node of the AsterFarm cluster; stops gracefully on SIGTERM");
        flags.AddTo(command);
        builderFlags.AddTo(command);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await using var app = BuilderNode.CreateBuilder(flags.Read(parseResult), builderFlags.Read(parseResult)).Build();
            var exit = app.Services.GetRequiredService<NodeExitCode>();
            // IHost.RunAsync(token): the token (SIGTERM via System.CommandLine) stops the host, which leaves the cluster.
            await HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken).ConfigureAwait(false);
            // Downed by the cluster rather than stopped by SIGTERM: non-zero, so that the node is restarted.
            return exit.Code;
        });
        return command;
    }
}

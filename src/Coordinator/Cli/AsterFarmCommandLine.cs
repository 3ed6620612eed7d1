using System.CommandLine;
using AsterFarm.Hosting;

namespace AsterFarm.Coordinator.Cli;

/// <summary>The <c>asterfarm</c> command line: one root command built from per-area subcommands.</summary>
public static class AsterFarmCommandLine
{
    public static RootCommand Build()
    {
        var root = new RootCommand("AsterFarm: a distributed build farm for Nix derivations")
        {
            DrvCommands.Create(),
            NarCommands.Create(),
            KeyCommands.Create(),
            NarInfoCommands.Create(),
            CacheCommands.Create(),
            SimulateCommand.Create(),
            CoordinatorCommand.Create(),
            Client.SubmitCommand.Create(),
            Client.StatusCommand.Create(),
            Client.CancelCommand.Create(),
            Client.NodesCommand.Create(),
            UpCommand.Create(),
            Jobsets.Cli.JobsetCommand.Create(),
            Jobsets.Cli.EvalCommand.Create(),
        };
        return root;
    }

    // SIGTERM cancels the command's token; a node then needs time to leave the cluster before the process exits.
    public static async Task<int> RunAsync(string[] args) =>
        await Build().Parse(args)
            .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = AsterFarmNode.ShutdownGracePeriod })
            .ConfigureAwait(false);
}

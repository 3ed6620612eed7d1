using System.CommandLine;
using AsterFarm.Builder.Cli;
using AsterFarm.Hosting;

var root = new RootCommand("asterfarm-builder: realises Nix derivations for AsterFarm")
{
    NodeCommand.Create(),
    RealiseCommand.Create(),
};

// SIGTERM cancels the command's token; the node then needs time to leave the cluster before the process exits.
return await root.Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = AsterFarmNode.ShutdownGracePeriod })
    .ConfigureAwait(false);

using System.CommandLine;
using AsterFarm.Builder.Cli;

var root = new RootCommand("asterfarm-builder: realises Nix derivations for AsterFarm")
{
    RealiseCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

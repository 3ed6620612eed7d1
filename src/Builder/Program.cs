using System.CommandLine;

var root = new RootCommand("asterfarm-builder: realises Nix derivations for AsterFarm");
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

using System.CommandLine;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonOptions
{
    public static Option<string> StoreDir() => new("--store-dir")
    {
        Description = "The Nix store directory the paths live in",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NIX_STORE_DIR") ?? Shared.Store.StoreDir.DefaultPath,
    };

    public static StoreDir GetStoreDir(this ParseResult parseResult, Option<string> option) =>
        new(parseResult.GetRequiredValue(option));
}

using System.CommandLine;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.Nar;
using AsterFarm.Shared.References;

namespace AsterFarm.Coordinator.Cli;

/// <summary><c>asterfarm nar pack|unpack|hash|refs</c>: the NAR tools of <c>nix-store</c>, streaming.</summary>
internal static class NarCommands
{
    public static Command Create() => new("nar", "Nix archives (NAR): pack, unpack, hash, scan for references")
    {
        Pack(), Unpack(), Hash(), Refs(),
    };

    private static Command Pack()
    {
        var path = new Argument<string>("path") { Description = "File, symlink or directory to serialise" };
        var command = new Command("pack", "Writes the NAR of PATH to stdout (as `nix-store --dump`)") { path };
        CliAction.Set(command, parseResult =>
        {
            using var stdout = Console.OpenStandardOutput();
            NarWriter.Dump(parseResult.GetRequiredValue(path), stdout);
            return 0;
        });
        return command;
    }

    private static Command Unpack()
    {
        var nar = new Argument<string>("file.nar") { Description = "The NAR to unpack, or - for stdin" };
        var target = new Argument<string>("dir") { Description = "Where to create the tree (must not exist)" };
        var command = new Command(
            "unpack",
            "Recreates the tree of a NAR (as `nix-store --restore`); a malformed NAR leaves nothing behind")
        {
            nar, target,
        };
        CliAction.Set(command, parseResult =>
        {
            using var source = OpenInput(parseResult.GetRequiredValue(nar));
            var result = NarUnpacker.Unpack(source, Path.GetFullPath(parseResult.GetRequiredValue(target)));
            Console.Error.WriteLine($"unpacked {result.NarSize} bytes, NAR hash {result.NarHash}");
            return 0;
        });
        return command;
    }

    private static Command Hash()
    {
        var path = new Argument<string>("path") { Description = "File, symlink or directory" };
        var command = new Command(
            "hash",
            "Prints the SHA-256 of PATH's NAR as sha256:<base32> (as `nix-store -q --hash` / `nix-hash --type sha256 --base32`)")
        {
            path,
        };
        CliAction.Set(command, parseResult =>
        {
            Console.WriteLine(NarWriter.Hash(parseResult.GetRequiredValue(path)).NarHash);
            return 0;
        });
        return command;
    }

    private static Command Refs()
    {
        var nar = new Argument<string>("file.nar") { Description = "The NAR to scan, or - for stdin" };
        var candidates = new Argument<string[]>("paths")
        {
            Description = "Candidate store paths; those whose hash part occurs in the NAR are printed",
            Arity = ArgumentArity.OneOrMore,
        };
        var storeDir = CommonOptions.StoreDir();
        var command = new Command("refs", "Prints which of the candidate store paths the NAR refers to (Nix's reference scan)")
        {
            nar, candidates, storeDir,
        };
        CliAction.Set(command, parseResult =>
        {
            var store = parseResult.GetStoreDir(storeDir);
            var paths = parseResult.GetRequiredValue(candidates).Select(store.Parse).ToList();
            using var source = OpenInput(parseResult.GetRequiredValue(nar));
            foreach (var found in ReferenceScanner.Scan(source, paths).Order())
            {
                Console.WriteLine(store.Print(found));
            }

            return 0;
        });
        return command;
    }

    private static Stream OpenInput(string path) =>
        path == "-"
            ? Console.OpenStandardInput()
            : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
}

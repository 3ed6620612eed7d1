using System.CommandLine;
using AsterFarm.Hosting.CommandLine;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Derivations.Hashing;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli;

/// <summary><c>asterfarm drv show</c>: a <c>.drv</c> file as AsterFarm reads it, with its paths recomputed as Nix does.</summary>
internal static class DrvCommands
{
    public static Command Create() => new("drv", "Store derivations (.drv files)") { Show() };

    private static Command Show()
    {
        var file = new Argument<FileInfo>("file.drv") { Description = "A .drv file, e.g. one nix-instantiate printed" };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON object" };
        var closure = new Option<DirectoryInfo?>("--closure")
        {
            Description = "Directory holding the input .drv files (default: the file's own directory); lists the closure",
        };
        var storeDir = CommonOptions.StoreDir();
        var command = new Command(
            "show",
            "Shows the parsed derivation, its drv path and its output paths, recomputed and checked as Nix does")
        {
            file, json, closure, storeDir,
        };
        CliAction.Set(command, parseResult =>
        {
            var store = parseResult.GetStoreDir(storeDir);
            var path = parseResult.GetRequiredValue(file).FullName;
            var explicitClosure = parseResult.GetValue(closure);
            var report = Inspect(store, path, explicitClosure?.FullName, listClosure: explicitClosure is not null);
            if (parseResult.GetValue(json))
            {
                DrvReportJson.Write(Console.Out, store, report);
            }
            else
            {
                DrvReportText.Write(Console.Out, store, report);
            }

            return report.IsValid ? 0 : CliAction.Failed;
        });
        return command;
    }

    private static DrvReport Inspect(StoreDir store, string path, string? closureDirectory, bool listClosure)
    {
        var bytes = File.ReadAllBytes(path);
        var derivation = DerivationParser.TryParse(bytes, store, out var parsed, out var error)
            ? parsed!
            : throw new FormatException($"{path}: {error!.Message}");
        var drvPath = DerivationHashes.DrvPath(store, derivation, bytes);
        var directory = closureDirectory ?? Path.GetDirectoryName(path) ?? ".";
        var closure = new DerivationClosure(store, p =>
        {
            if (p == drvPath)
            {
                return bytes;
            }

            var candidate = Path.Combine(directory, p.BaseName);
            return File.Exists(candidate) ? File.ReadAllBytes(candidate) : null;
        });
        var verifications = closure.VerifyAll([drvPath]);
        var fileName = Path.GetFileName(path);
        var namedCorrectly = !StorePath.TryParse(fileName, out var named, out _) || named == drvPath;
        return new DrvReport(
            derivation,
            drvPath,
            namedCorrectly ? null : fileName,
            verifications[^1],
            listClosure ? verifications : []);
    }
}

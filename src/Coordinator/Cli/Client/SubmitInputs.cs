using System.Text.Json;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli.Client;

/// <summary>
/// The roots of a submission: <c>.drv</c> paths given directly, or files (<c>-</c> for stdin) of nix-eval-jobs JSON
/// lines, whose <c>drvPath</c> fields are taken (lines with an <c>error</c> are reported and skipped).
/// </summary>
internal static class SubmitInputs
{
    public static async Task<IReadOnlyList<StorePath>> ReadAsync(IReadOnlyList<string> arguments, StoreDir storeDir, TextReader stdin, TextWriter errors)
    {
        var roots = new List<StorePath>();
        foreach (var argument in arguments)
        {
            if (argument != "-" && (storeDir.IsInStore(argument) || argument.EndsWith(".drv", StringComparison.Ordinal)))
            {
                roots.Add(ParseDrv(storeDir, Path.GetFullPath(argument), argument));
                continue;
            }

            var reader = argument == "-" ? stdin : new StreamReader(argument);
            try
            {
                var lineNumber = 0;
                while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
                {
                    lineNumber++;
                    if (!string.IsNullOrWhiteSpace(line) && FromJsonLine(line, $"{argument}:{lineNumber}", errors) is { } drv)
                    {
                        roots.Add(ParseDrv(storeDir, drv, $"{argument}:{lineNumber}"));
                    }
                }
            }
            finally
            {
                if (argument != "-")
                {
                    reader.Dispose();
                }
            }
        }

        return [.. roots.Distinct()];
    }

    private static string? FromJsonLine(string line, string where, TextWriter errors)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("drvPath", out var drv) && drv.ValueKind == JsonValueKind.String)
            {
                return drv.GetString();
            }

            var attr = root.TryGetProperty("attr", out var name) ? name.ToString() : "?";
            var error = root.TryGetProperty("error", out var message) ? message.ToString() : "no drvPath";
            errors.WriteLine($"asterfarm: skipping {attr} ({where}): {error.ReplaceLineEndings(" ")}");
            return null;
        }
        catch (JsonException error)
        {
            throw new FormatException($"{where}: not a JSON line of nix-eval-jobs: {error.Message}", error);
        }
    }

    private static StorePath ParseDrv(StoreDir storeDir, string path, string where) =>
        storeDir.TryParse(path, out var parsed, out var error) && parsed.IsDerivation
            ? parsed
            : throw new FormatException($"{where}: '{path}' is not a derivation in {storeDir.Path}{(error is null ? string.Empty : ": " + error)}");
}

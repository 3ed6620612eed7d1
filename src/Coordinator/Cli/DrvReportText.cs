using AsterFarm.Shared.Derivations.Outputs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cli;

/// <summary>The human-readable form of a <see cref="DrvReport"/>.</summary>
internal static class DrvReportText
{
    private const int MaxValueLength = 200;

    public static void Write(TextWriter output, StoreDir store, DrvReport report)
    {
        var drv = report.Derivation;
        output.WriteLine(store.Print(report.DrvPath));
        if (report.MisnamedAs is not null)
        {
            output.WriteLine($"  WARNING: the file is named {report.MisnamedAs}, but its contents hash to {report.DrvPath.BaseName}");
        }

        output.WriteLine($"  name:    {drv.Name}");
        output.WriteLine($"  system:  {drv.System}");
        output.WriteLine($"  builder: {drv.Builder}");
        output.WriteLine($"  args:    {string.Join(' ', drv.Args.Select(Quote))}");
        output.WriteLine("  outputs:");
        foreach (var (name, declared) in drv.Outputs)
        {
            report.Verification.OutputPaths.TryGetValue(name, out var computed);
            output.WriteLine($"    {name,-8} {Describe(store, declared, computed)}");
        }

        foreach (var mismatch in report.Verification.Mismatches)
        {
            output.WriteLine($"    MISMATCH {mismatch}");
        }

        output.WriteLine("  input derivations:");
        foreach (var (path, outputs) in drv.InputDrvs)
        {
            output.WriteLine($"    {store.Print(path)} [{string.Join(", ", outputs)}]");
        }

        output.WriteLine("  input sources:");
        foreach (var path in drv.InputSrcs)
        {
            output.WriteLine($"    {store.Print(path)}");
        }

        output.WriteLine($"  env ({drv.Env.Count} entries):");
        foreach (var (key, value) in drv.Env)
        {
            output.WriteLine($"    {key} = {Quote(Truncate(value))}");
        }

        if (report.Closure.Count > 0)
        {
            output.WriteLine($"  closure ({report.Closure.Count} derivations, inputs first):");
            foreach (var item in report.Closure)
            {
                output.WriteLine($"    {(item.IsValid ? "ok     " : "INVALID")} {store.Print(item.DrvPath)}");
            }
        }
    }

    private static string Describe(StoreDir store, DerivationOutput declared, StorePath? computed)
    {
        var kind = declared switch
        {
            FixedOutput fixedOutput => $" (fixed {fixedOutput.HashAlgoField}:{fixedOutput.HashField})",
            FloatingOutput floating => $" (floating, {floating.HashAlgoField})",
            DeferredOutput => " (deferred)",
            ImpureOutput => " (impure)",
            _ => string.Empty,
        };
        var path = declared.Path is { } p ? store.Print(p) : computed is { } c ? store.Print(c) : "(unknown until built)";
        var check = declared.Path is { } stated && computed is { } recomputed
            ? stated == recomputed ? "  [matches Nix]" : $"  [MISMATCH: Nix computes {store.Print(recomputed)}]"
            : string.Empty;
        return path + kind + check;
    }

    private static string Truncate(string value) =>
        value.Length <= MaxValueLength ? value : $"{value[..MaxValueLength]}… ({value.Length} characters)";

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal) + "\"";
}

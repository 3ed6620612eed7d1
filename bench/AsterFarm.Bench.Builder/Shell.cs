using System.Diagnostics;

namespace AsterFarm.Bench.Builder;

/// <summary>Runs a tool with Nix's test settings and returns its standard output.</summary>
internal static class Shell
{
    public const string NixConfig = "experimental-features = nix-command\nsubstituters =\nsandbox = false\n";

    public static Task<string> RunAsync(string program, params string[] arguments) =>
        RunAsync(program, new Dictionary<string, string>(), arguments);

    public static async Task<string> RunAsync(string program, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NIX_CONFIG"] = NixConfig;
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
    }
}

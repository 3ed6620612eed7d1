using System.Text;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>
/// Runs the real Nix 2.8 command-line tools (Debian <c>nix-bin</c>), the reference AsterFarm is compared
/// with. A missing tool fails the test with the install hint rather than skipping it.
/// </summary>
internal static class NixTool
{
    public const string InstallHint =
        "real Nix is required for this test: run scripts/install-prerequisites.sh (apt-get install nix-bin)";

    /// <summary>Settings every call gets: no network substituters, no sandbox (Debian's build has no /bin/sh in it).</summary>
    private const string Config = "experimental-features = nix-command\nsubstituters =\nsandbox = false\n";

    public static string Run(string tool, params string[] arguments) => Run(tool, arguments, stdin: null);

    public static string Run(string tool, IEnumerable<string> arguments, string? workingDirectory = null) =>
        Run(tool, arguments, stdin: null, workingDirectory);

    public static string Run(string tool, IEnumerable<string> arguments, byte[]? stdin, string? workingDirectory = null)
    {
        var result = RunBytes(tool, arguments, stdin, workingDirectory);
        return Encoding.UTF8.GetString(result);
    }

    /// <summary>Runs the tool and returns its standard output as bytes (for <c>nix-store --dump</c>).</summary>
    public static byte[] RunBytes(string tool, IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        var argumentList = arguments.ToList();
        var result = RunUnchecked(tool, argumentList, stdin, workingDirectory);
        return result.ExitCode == 0
            ? result.Stdout
            : throw new InvalidOperationException($"{tool} {string.Join(' ', argumentList)} exited with {result.ExitCode}: {result.Stderr}");
    }

    /// <summary>Runs the tool and returns how it ended, for tests that expect Nix to refuse something.</summary>
    public static ProcessResult RunUnchecked(string tool, IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null) =>
        ProcessRunner.Run(Locate(tool), arguments, stdin, workingDirectory, new Dictionary<string, string> { ["NIX_CONFIG"] = Config });

    /// <summary>Runs the tool with extra environment variables (e.g. <c>NIX_SSHOPTS</c>) and returns how it ended.</summary>
    public static ProcessResult RunWithEnvironment(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        ProcessRunner.Run(Locate(tool), arguments, null, null, new Dictionary<string, string>(environment) { ["NIX_CONFIG"] = Config });

    /// <summary>The absolute path of a Nix tool, or an exception carrying the install hint.</summary>
    public static string Locate(string tool)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(dir, tool);
            if (dir.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"'{tool}' not found on PATH; {InstallHint}");
    }
}

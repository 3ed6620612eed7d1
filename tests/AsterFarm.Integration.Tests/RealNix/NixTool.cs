using System.Diagnostics;
using System.Text;

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
        var start = new ProcessStartInfo(Locate(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NIX_CONFIG"] = Config;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderrTask = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
        }

        using var stdout = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(stdout);
        process.WaitForExit();
        var stderr = stderrTask.GetAwaiter().GetResult();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {stderr}");
        }

        return stdout.ToArray();
    }

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

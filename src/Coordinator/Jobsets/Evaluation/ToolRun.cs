using System.ComponentModel;
using System.Diagnostics;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>One run of a command-line tool (Nix, git): its exit code and what it printed.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Errors)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Runs <paramref name="program"/> to its end; cancelling kills it. A missing program throws with <paramref name="installHint"/>.</summary>
    public static async Task<ToolRun> RunAsync(string program, IEnumerable<string> arguments, string installHint, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (Win32Exception error)
        {
            throw new InvalidOperationException($"{program} is not installed: {installHint}", error);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return new ToolRun(process.ExitCode, await output.ConfigureAwait(false), (await errors.ConfigureAwait(false)).Trim());
        }
    }
}

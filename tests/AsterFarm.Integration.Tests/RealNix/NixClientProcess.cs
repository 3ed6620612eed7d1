using System.Diagnostics;

namespace AsterFarm.Integration.Tests.RealNix;

/// <summary>
/// Runs a real Nix tool as a binary cache client with its own disk cache (<c>XDG_CACHE_HOME</c>): Nix remembers
/// narinfos it uploaded or fetched, so each phase of a cache test needs a fresh one to really ask the server.
/// </summary>
internal static class NixClientProcess
{
    private const string Config = "experimental-features = nix-command\nsubstituters =\nsandbox = false\n";

    /// <summary>Exit code, stdout and stderr of the tool.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(string tool, string cacheHome, params string[] arguments)
    {
        var start = new ProcessStartInfo(NixTool.Locate(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NIX_CONFIG"] = Config;
        start.Environment["XDG_CACHE_HOME"] = cacheHome;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish within 3 minutes");
        }

        return (process.ExitCode, await output, await error);
    }

    public static async Task<string> RunCheckedAsync(string tool, string cacheHome, params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync(tool, cacheHome, arguments);
        Assert.True(exitCode == 0, $"{tool} {string.Join(' ', arguments)} exited with {exitCode}: {error}");
        return output;
    }
}

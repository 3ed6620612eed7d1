using System.Collections.Concurrent;
using System.Diagnostics;

namespace AsterFarm.Builder.Sandbox;

/// <summary>
/// What the installed bubblewrap can do, probed once per binary. <c>--argv0</c> (bubblewrap ≥ 0.9) is what lets
/// the builder's argv[0] be its basename as in Nix; Debian 12's 0.8 passes the full path instead.
/// </summary>
internal static class BubblewrapFeatures
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<bool>>> Argv0 = new(StringComparer.Ordinal);

    public static Task<bool> SupportsArgv0Async(string bubblewrapPath) =>
        Argv0.GetOrAdd(bubblewrapPath, path => new Lazy<Task<bool>>(() => HelpMentionsAsync(path, "--argv0"))).Value;

    private static async Task<bool> HelpMentionsAsync(string bubblewrapPath, string option)
    {
        var start = new ProcessStartInfo(bubblewrapPath, "--help")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {bubblewrapPath}");
        var stderr = process.StandardError.ReadToEndAsync();
        var help = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await stderr.ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return help.Contains(option, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// <c>asterfarm up</c> restarts a builder child that was SIGKILLed, and SIGTERM to <c>up</c> afterwards leaves no
/// process of its tree behind, the restarted builder included (issue 11, defect 3).
/// </summary>
public sealed partial class UpShutdownTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SIGTERM_to_up_after_a_builder_restart_leaves_no_process_of_the_up_tree_running()
    {
        using var state = new TempDirectory("asterfarm-up-sigterm");
        var ports = FreePorts.Take(2);
        await using var up = ManagedProcess.Start(
            "up",
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "up", "--state", state.Path, "--builders", "1", "--no-emulation",
                "--port", ports[0].ToString(CultureInfo.InvariantCulture), "--http-port", ports[1].ToString(CultureInfo.InvariantCulture),
            ]);
        var first = Pid(await up.WaitForOutputAsync("Builder up-builder-1 started (pid", StartTimeout));
        await up.WaitForOutputAsync("Builder up-builder-1 registered", StartTimeout);

        ProcessRunner.Run("kill", ["-KILL", first.ToString(CultureInfo.InvariantCulture)]);
        await up.WaitForOutputAsync("Builder up-builder-1 exited", StartTimeout);
        var restarted = await Eventually(() => StartedPids(up.Output).FirstOrDefault(pid => pid != first), pid => pid != 0, StartTimeout, "the builder to be started again");
        Assert.Contains(restarted, ProcessTable.WithCommandLineOrEnvironmentContaining(state.Path));

        up.Terminate();
        await up.WaitForExitAsync(StopTimeout);

        var left = await Eventually(() => ProcessTable.WithCommandLineOrEnvironmentContaining(state.Path), pids => pids.Count == 0, StopTimeout, "no process of the up tree");
        Assert.Empty(left);
    }

    private static int Pid(string line) => int.Parse(StartedPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);

    private static IEnumerable<int> StartedPids(string output) =>
        StartedPattern().Matches(output).Select(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    private static async Task<T> Eventually<T>(Func<T> observe, Func<T, bool> holds, TimeSpan timeout, string expected)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var value = observe();
            if (holds(value) || DateTime.UtcNow > deadline)
            {
                return holds(value) ? value : throw new TimeoutException($"expected {expected} within {timeout}; last: {value}");
            }

            await timer.WaitForNextTickAsync();
        }
    }

    [GeneratedRegex(@"Builder up-builder-1 started \(pid (\d+)\)")]
    private static partial Regex StartedPattern();
}

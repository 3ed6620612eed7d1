using System.Diagnostics;
using AsterFarm.Shared.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Up;

/// <summary>
/// Runs <c>asterfarm up</c>'s builders as child processes: starts each once the node runs, restarts one that dies
/// (with a growing pause), and on shutdown sends each SIGTERM so it leaves the cluster, killing it after the grace
/// period. Children never outlive a normal exit of <c>up</c>.
/// </summary>
internal sealed partial class BuilderSupervisor(IReadOnlyList<BuilderLaunch> launches, ILogger<BuilderSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(launches.Select(launch => SuperviseAsync(launch, stoppingToken)));

    private async Task SuperviseAsync(BuilderLaunch launch, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var process = Start(launch);
            Started(logger, launch.Name, process.Id);
            try
            {
                await process.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(launch, process).ConfigureAwait(false);
                return;
            }

            Died(logger, launch.Name, process.ExitCode, backoff);
            try
            {
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private static Process Start(BuilderLaunch launch)
    {
        var start = new ProcessStartInfo(launch.FileName) { UseShellExecute = false };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in launch.Environment)
        {
            start.Environment[key] = value;
        }

        // A token given to up by value is up's alone: the builder reads its token from the file the launch names.
        start.Environment.Remove(Cache.CacheAccessToken.EnvironmentVariable);

        return Process.Start(start) ?? throw new InvalidOperationException($"{launch.FileName} did not start");
    }

    private async Task StopAsync(BuilderLaunch launch, Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        Signals.Terminate(process.Id);
        using var grace = new CancellationTokenSource(AsterFarmNode.ShutdownGracePeriod);
        try
        {
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            Stopped(logger, launch.Name);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Killed(logger, launch.Name);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Builder {Name} started (pid {Pid})")]
    private static partial void Started(ILogger logger, string name, int pid);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Builder {Name} exited with code {ExitCode}; restarting in {Backoff}")]
    private static partial void Died(ILogger logger, string name, int exitCode, TimeSpan backoff);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Builder {Name} stopped")]
    private static partial void Stopped(ILogger logger, string name);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Builder {Name} did not stop within the grace period and was killed")]
    private static partial void Killed(ILogger logger, string name);
}

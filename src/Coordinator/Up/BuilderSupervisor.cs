using System.Diagnostics;
using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Up;

/// <summary>
/// Runs <c>asterfarm up</c>'s builders as child processes: starts each once the node runs, restarts one that dies
/// (with a growing pause), and on shutdown sends each SIGTERM so it leaves the cluster, killing it after the grace
/// period. Children never outlive <c>up</c>: the grace period ends well before <c>up</c> itself is forced to exit
/// after SIGTERM, and any child still alive when the process exits (forced, or the host gave up) is killed then.
/// </summary>
internal sealed partial class BuilderSupervisor(IReadOnlyList<BuilderLaunch> launches, ILogger<BuilderSupervisor> logger) : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // A child leaving the cluster may take long (e.g. a restarted builder whose previous incarnation is still an
    // unreachable member); it is killed before up's own termination timeout (ShutdownGracePeriod) ends up first.
    private static readonly TimeSpan ChildGracePeriod = AsterFarmNode.ShutdownGracePeriod / 2;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> _live = new();

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit += KillLiveChildren;
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= KillLiveChildren;
        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(launches.Select(launch => SuperviseAsync(launch, stoppingToken)));

    // The last resort when up exits with children still running: they are killed with their trees, never orphaned.
    private void KillLiveChildren(object? sender, EventArgs e)
    {
        foreach (var process in _live.Values)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }
        }
    }

    private async Task SuperviseAsync(BuilderLaunch launch, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            using var process = Start(launch);
            _live[process.Id] = process;
            Started(logger, launch.Name, process.Id);
            try
            {
                await process.WaitForExitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await StopAsync(launch, process).ConfigureAwait(false);
                _live.TryRemove(process.Id, out _);
                return;
            }

            _live.TryRemove(process.Id, out _);

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
        start.Environment.Remove(AccessToken.EnvironmentVariable);

        return Process.Start(start) ?? throw new InvalidOperationException($"{launch.FileName} did not start");
    }

    private async Task StopAsync(BuilderLaunch launch, Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        Signals.Terminate(process.Id);
        using var grace = new CancellationTokenSource(ChildGracePeriod);
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

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Runs an <see cref="AntiEntropyRound"/> every <see cref="ReplicationOptions.AntiEntropyInterval"/> (the first right after start, so a node that rejoins catches up at once).</summary>
public sealed class AntiEntropyService(AntiEntropyRound round, ReplicationOptions options, TimeProvider time, ILogger<AntiEntropyService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AntiEntropyInterval, time);
        do
        {
            try
            {
                await round.RunAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                ReplicationLog.AntiEntropyFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

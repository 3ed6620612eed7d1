using AsterFarm.Shared.BinaryCache;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache;

/// <summary>Runs garbage collection every <see cref="CacheOptions.GarbageCollectionInterval"/> when a size cap is set.</summary>
internal sealed partial class CacheGarbageCollectionService(
    FileBinaryCacheStore store,
    ICacheRoots roots,
    CacheOptions options,
    TimeProvider timeProvider,
    ILogger<CacheGarbageCollectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.GarbageCollectionInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var policy = new GarbageCollectionPolicy
                {
                    Roots = await roots.GetRootsAsync(stoppingToken).ConfigureAwait(false),
                    MaxBytes = options.MaxBytes,
                };
                await store.CollectGarbageAsync(policy, stoppingToken).ConfigureAwait(false);
            }
            catch (IOException error)
            {
                // A disk problem this round; the next tick tries again.
                LogFailed(logger, error);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Error, "Cache garbage collection failed")]
    private static partial void LogFailed(ILogger logger, Exception error);
}

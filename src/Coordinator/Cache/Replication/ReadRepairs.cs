using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>
/// Read repairs, run in the background with bounded concurrency so a read never waits for them. The queue is bounded:
/// when it is full a repair is dropped (anti-entropy makes it later); the same copy is never queued twice.
/// </summary>
public sealed class ReadRepairs(ReplicaCopier copier, ReplicationOptions options, ILogger<ReadRepairs> logger) : BackgroundService
{
    private const int Capacity = 10_000;

    private readonly Channel<RepairJob> _jobs = Channel.CreateBounded<RepairJob>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<(string HashPart, string Target), byte> _queued = new();

    /// <summary>Queues a copy unless the same one is already queued or running.</summary>
    public void Enqueue(RepairJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (_queued.TryAdd((job.HashPart, job.Target.Id), 0) && !_jobs.Writer.TryWrite(job))
        {
            _queued.TryRemove((job.HashPart, job.Target.Id), out _);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(
            _jobs.Reader.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = options.RepairConcurrency, CancellationToken = stoppingToken },
            async (job, cancellationToken) =>
            {
                try
                {
                    await copier.CopyAsync(job.HashPart, job.Source, job.Target, job.Reason, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (error is IOException or InvalidDataException)
                {
                    ReplicationLog.CopyFailed(logger, job.HashPart, job.Source.Id, job.Target.Id, error.Message);
                }
                finally
                {
                    _queued.TryRemove((job.HashPart, job.Target.Id), out _);
                }
            });
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Logs the node's place in the cache cluster at start.</summary>
internal sealed class ReplicationStartupLog(CachePlacement placement, ReplicationOptions options, ILogger<ReplicationStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var members = string.Join(", ", placement.Ring.Members);
        ReplicationLog.Started(logger, placement.Self.Id, members, options.Replicas, options.WriteQuorum);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Shared.Store;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>
/// The cache's garbage-collection roots on a coordinator: the outputs of each jobset's last N successful evaluations,
/// asked of the jobsets singleton. When it does not answer, the round is skipped (an <see cref="IOException"/>, which
/// the collection service retries next time) rather than collecting without roots.
/// </summary>
internal sealed class JobsetCacheRoots(IRequiredActor<JobsetsActorKey> jobsets, FarmOptions options, CacheOptions cache) : ICacheRoots
{
    public async Task<IReadOnlyCollection<StorePath>> GetRootsAsync(CancellationToken cancellationToken)
    {
        var proxy = await jobsets.GetAsync(cancellationToken).ConfigureAwait(false);
        CacheRootsFound found;
        try
        {
            found = await proxy.Ask<CacheRootsFound>(new GetCacheRoots(), options.AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException error)
        {
            throw new IOException("the jobsets singleton did not say which outputs are garbage-collection roots; collection skipped this round", error);
        }

        var storeDir = new StoreDir(cache.StoreDir);
        return [.. found.Paths.Select(storeDir.Parse)];
    }
}

using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cache;

/// <summary>No roots: a standalone cache keeps whatever the size cap allows, least recently used first out.</summary>
public sealed class NoCacheRoots : ICacheRoots
{
    public Task<IReadOnlyCollection<StorePath>> GetRootsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyCollection<StorePath>>([]);
}

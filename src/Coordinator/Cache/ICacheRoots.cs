using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Cache;

/// <summary>The store paths whose closures garbage collection must keep (e.g. outputs of a jobset's last runs).</summary>
public interface ICacheRoots
{
    Task<IReadOnlyCollection<StorePath>> GetRootsAsync(CancellationToken cancellationToken);
}

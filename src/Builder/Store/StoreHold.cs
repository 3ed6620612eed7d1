using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Store;

/// <summary>Keeps paths of a <see cref="LocalStore"/> from eviction while a build uses them.</summary>
internal sealed class StoreHold(LocalStore store, IReadOnlyList<StorePath> paths) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            store.Release(paths);
        }
    }
}

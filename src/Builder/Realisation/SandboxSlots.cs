namespace AsterFarm.Builder.Realisation;

/// <summary>
/// Bounds how many builds hold a sandbox at once (the node's slots), from setting up the build directory to the
/// archived outputs; fetching inputs before and uploading outputs after run outside it, overlapping other builds.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "A SemaphoreSlim needs disposing only once its wait handle was used; it lives as long as the node.")]
internal sealed class SandboxSlots(int slots)
{
    private readonly SemaphoreSlim _free = new(Math.Max(1, slots), Math.Max(1, slots));

    /// <summary>Waits for a free slot; the returned hold gives it back once, on <see cref="Hold.Release"/> or dispose.</summary>
    public async Task<Hold> AcquireAsync(CancellationToken cancellationToken)
    {
        await _free.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Hold(_free);
    }

    /// <summary>One build's slot.</summary>
    internal sealed class Hold(SemaphoreSlim free) : IDisposable
    {
        private int _released;

        public void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                free.Release();
            }
        }

        public void Dispose() => Release();
    }
}

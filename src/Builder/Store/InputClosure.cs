using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Store;

/// <summary>The fetched closure of a build's inputs, held in the local store until disposed.</summary>
public sealed class InputClosure(IReadOnlyDictionary<StorePath, LocalStoreEntry> entries, IDisposable hold) : IDisposable
{
    /// <summary>Every path of the closure with its local entry.</summary>
    public IReadOnlyDictionary<StorePath, LocalStoreEntry> Entries { get; } = entries;

    /// <summary>How many paths had to be downloaded (the others were present).</summary>
    public int Downloaded { get; init; }

    public void Dispose() => hold.Dispose();
}

using AsterFarm.Shared.NarInfoFormat;

namespace AsterFarm.Builder.Store;

/// <summary>A store path present in the local store, with the narinfo it was fetched by (its References and NarSize).</summary>
/// <param name="HostPath">Where it is on the host.</param>
/// <param name="NarInfo">Its narinfo.</param>
public sealed record LocalStoreEntry(string HostPath, NarInfo NarInfo);

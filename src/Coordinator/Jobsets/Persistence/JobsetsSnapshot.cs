using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>The jobsets actor's whole durable state at one point of its journal: jobsets, and the pinned paths.</summary>
[MessagePackObject]
public sealed record JobsetsSnapshot([property: Key(0)] JobsetEntry[] Jobsets, [property: Key(1)] string[]? Pins = null) : IPersistedJobsets;

using MessagePack;

namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>The jobsets actor's whole durable state at one point of its journal.</summary>
[MessagePackObject]
public sealed record JobsetsSnapshot([property: Key(0)] JobsetEntry[] Jobsets) : IPersistedJobsets;

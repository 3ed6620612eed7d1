using AsterFarm.Shared.Store;
using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>A ready derivation in a system's queue.</summary>
/// <param name="DrvPath">The derivation.</param>
/// <param name="CriticalPathSeconds">Its priority: the estimated longest remaining path from it to a root.</param>
/// <param name="RunPriority">The highest priority among the runs needing it.</param>
/// <param name="ReadySinceUtc">When it became ready.</param>
[MessagePackObject]
public sealed record QueuedBuild(
    [property: Key(0)] StorePath DrvPath,
    [property: Key(1)] double CriticalPathSeconds,
    [property: Key(2)] int RunPriority,
    [property: Key(3)] DateTime ReadySinceUtc);

using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>A run's counts of derivations for one system.</summary>
[MessagePackObject]
public sealed record SystemProgress(
    [property: Key(0)] string System,
    [property: Key(1)] int Planned,
    [property: Key(2)] int Waiting,
    [property: Key(3)] int Running,
    [property: Key(4)] int Done,
    [property: Key(5)] int Failed);

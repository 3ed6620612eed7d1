using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>HTTP edge → scheduler: a run's builds as bars on a time axis, answered with a <see cref="RunTimeline"/>.</summary>
/// <param name="Run">The run.</param>
/// <param name="Limit">The most bars, at most <see cref="MaxBars"/>; beyond it the longest builds and the critical path are kept.</param>
[MessagePackObject]
public sealed record GetRunTimeline([property: Key(0)] RunId Run, [property: Key(1)] int Limit) : IAsterFarmMessage
{
    /// <summary>About 120 bytes a bar: 500 stay far below the frame limit.</summary>
    public const int MaxBars = 500;
}

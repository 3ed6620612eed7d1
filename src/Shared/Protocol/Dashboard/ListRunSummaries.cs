using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>HTTP edge → scheduler: the most recent runs, newest first, with when and what was submitted; answered with a <see cref="RunSummaryList"/>.</summary>
[MessagePackObject]
public sealed record ListRunSummaries([property: Key(0)] int Limit) : IAsterFarmMessage
{
    /// <summary>The most runs one answer carries (per-system counts and one root name each stay far below the frame limit).</summary>
    public const int MaxRuns = 100;
}

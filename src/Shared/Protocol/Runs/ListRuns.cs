using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>HTTP edge → scheduler: reply with a <see cref="RunList"/> of the most recent runs, at most <paramref name="Limit"/>.</summary>
[MessagePackObject]
public sealed record ListRuns([property: Key(0)] int Limit) : IAsterFarmMessage
{
    /// <summary>The most runs one <see cref="RunList"/> carries (their per-system counts keep it far below the frame limit).</summary>
    public const int MaxRuns = 100;
}

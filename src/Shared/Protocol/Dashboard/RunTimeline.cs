using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Scheduler → HTTP edge: a run's dispatched builds on a time axis.</summary>
/// <param name="Run">The run.</param>
/// <param name="TotalBars">Builds dispatched in the run; more than <paramref name="Bars"/> holds when it was trimmed.</param>
/// <param name="NowUtc">The scheduler's clock when it answered: where running bars end for now.</param>
/// <param name="Bars">The bars, by start time.</param>
[MessagePackObject]
public sealed record RunTimeline(
    [property: Key(0)] RunId Run,
    [property: Key(1)] int TotalBars,
    [property: Key(2)] DateTime NowUtc,
    [property: Key(3)] ValueList<TimelineBar> Bars) : IAsterFarmMessage;

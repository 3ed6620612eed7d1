using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Scheduler → HTTP edge: recent runs, newest first.</summary>
[MessagePackObject]
public sealed record RunSummaryList([property: Key(0)] ValueList<RunSummary> Runs) : IAsterFarmMessage;

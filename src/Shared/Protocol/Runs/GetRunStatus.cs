using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>HTTP edge → scheduler: reply with the run's <see cref="RunStatus"/>.</summary>
[MessagePackObject]
public sealed record GetRunStatus([property: Key(0)] RunId Run) : IAsterFarmMessage;

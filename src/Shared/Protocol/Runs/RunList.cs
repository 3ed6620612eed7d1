using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Scheduler → HTTP edge: the most recent runs, newest first, each as a <see cref="RunStatus"/> without its builds.</summary>
[MessagePackObject]
public sealed record RunList([property: Key(0)] ValueList<RunStatus> Runs) : IAsterFarmMessage;

using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>Scheduler → HTTP edge: per system, what is queued, for how long, and what nothing can build.</summary>
[MessagePackObject]
public sealed record QueueReport([property: Key(0)] ValueList<QueueSystem> Systems) : IAsterFarmMessage;

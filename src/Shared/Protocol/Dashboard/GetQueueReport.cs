using MessagePack;

namespace AsterFarm.Shared.Protocol.Dashboard;

/// <summary>HTTP edge → scheduler: the ready queue of every system, answered with a <see cref="QueueReport"/>.</summary>
/// <param name="PerSystem">The most queued derivations listed per system, at most <see cref="MaxPerSystem"/>.</param>
[MessagePackObject]
public sealed record GetQueueReport([property: Key(0)] int PerSystem) : IAsterFarmMessage
{
    public const int MaxPerSystem = 25;
}

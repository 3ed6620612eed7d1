using Akka.Actor;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>A registered builder: where to send its work and what it offers.</summary>
internal sealed record BuilderEntry(IActorRef Actor, BuilderCapabilities Capabilities)
{
    public DateTimeOffset LastHeard { get; set; }
}

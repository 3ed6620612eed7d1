using Akka.Actor;
using AsterFarm.Shared.Protocol.Builders;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    private void OnListBuilders(ListBuilders query) =>
        Sender.Tell(BuilderStatuses.Of(_builders, _leases, _since, Math.Min(query.Limit, ListBuilders.MaxBuilders)));
}

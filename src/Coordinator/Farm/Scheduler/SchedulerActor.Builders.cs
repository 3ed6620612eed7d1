using Akka.Actor;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    private void OnRegister(RegisterBuilder register)
    {
        if (string.IsNullOrEmpty(register.Node.Value))
        {
            SchedulerLog.NamelessRegistration(_log, Sender.Path.ToString());
            return;
        }

        var name = new NodeName(register.Node.Value);
        var known = _builders.GetValueOrDefault(name);
        // The same builder registering again with what it offered (it saw the singleton move, or its registration
        // reply was lost) keeps its running builds; anything else is a new registration that replaces the old one.
        if (known is null || !Equals(known.Capabilities, register.Capabilities))
        {
            foreach (var requeued in _core.BuilderJoined(BuilderSpecs.From(name, register.Capabilities)))
            {
                DropLease(requeued);
                Emit(requeued, BuildState.Waiting, FarmReasons.BuilderLost);
            }

            SchedulerLog.BuilderRegistered(
                _log,
                name, register.Capabilities.NativeSystems, register.Capabilities.EmulatedSystems, register.Capabilities.Slots);
        }

        if (known is not null && !known.Actor.Equals(Sender))
        {
            _builderByActor.Remove(known.Actor);
            Context.Unwatch(known.Actor);
        }

        _builders[name] = new BuilderEntry(Sender, register.Capabilities) { LastHeard = _time.GetUtcNow() };
        _builderByActor[Sender] = name;
        Context.Watch(Sender);
        Sender.Tell(new BuilderRegistered(register.Node, _options.HeartbeatInterval));
        ScheduleNow();
    }

    private void OnHeartbeat(BuilderHeartbeat heartbeat)
    {
        if (!string.IsNullOrEmpty(heartbeat.Node.Value) && _builders.TryGetValue(new NodeName(heartbeat.Node.Value), out var builder))
        {
            builder.LastHeard = _time.GetUtcNow();
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        if (_followers.Remove(terminated.ActorRef, out var followed))
        {
            foreach (var run in followed)
            {
                run.Subscribers.Remove(terminated.ActorRef);
            }
        }

        if (_builderByActor.Remove(terminated.ActorRef, out var name))
        {
            _builders.Remove(name);
            SchedulerLog.BuilderLeft(_log, name);
            foreach (var requeued in _core.BuilderLeft(name))
            {
                DropLease(requeued);
                Emit(requeued, BuildState.Waiting, FarmReasons.BuilderLost);
            }

            ScheduleNow();
        }
    }
}

using Akka.Actor;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

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
        if (known is not null && !known.Actor.Equals(Sender))
        {
            // Another actor under a known name is a new incarnation (the process restarted, or another node took the
            // name): a builder re-registering always does so from its one node actor, whose ref (with its uid) lives as
            // long as the process. Nothing the previous incarnation ran can finish, so it is all placed again now.
            SchedulerLog.BuilderRestarted(_log, name, Sender.Path.ToStringWithUid(), known.Actor.Path.ToStringWithUid());
            ForgetBuilder(name, known.Actor, FarmReasons.BuilderRestarted, mayStillReport: false);
            known = null;
        }

        // The same builder registering again with what it offered (it saw the singleton move, or its registration
        // reply was lost) keeps its running builds; anything else is a new registration that replaces the old one.
        if (known is null || !Equals(known.Capabilities, register.Capabilities))
        {
            // Builds it reports under its own leases are re-attached below, not lost with its previous registration.
            var reported = LeaseRules.SortReported(name, register.Running, _leases).Current.Select(lease => _leases[lease].Derivation).ToHashSet();
            foreach (var requeued in _core.BuilderJoined(BuilderSpecs.From(name, register.Capabilities)).Where(id => !reported.Contains(id)))
            {
                BuilderLost(requeued, FarmReasons.NodeLost, mayStillReport: false);
            }

            SchedulerLog.BuilderRegistered(
                _log,
                name, register.Capabilities.NativeSystems, register.Capabilities.EmulatedSystems, register.Capabilities.Slots);
        }

        _builders[name] = new BuilderEntry(Sender, register.Capabilities) { LastHeard = _time.GetUtcNow(), Uncounted = known?.Uncounted ?? [] };
        _builderByActor[Sender] = name;
        Context.Watch(Sender);
        Sender.Tell(new BuilderRegistered(register.Node, _options.HeartbeatInterval));
        Reclaim(name, register.Running);
        TakeReported(name, register.Running);
        ScheduleNow();
    }

    private void OnHeartbeat(BuilderHeartbeat heartbeat)
    {
        if (string.IsNullOrEmpty(heartbeat.Node.Value))
        {
            return;
        }

        var name = new NodeName(heartbeat.Node.Value);
        if (_builders.TryGetValue(name, out var builder) && !builder.Actor.Equals(Sender))
        {
            // A previous incarnation still talking (cut off while its successor registered): it holds no leases here.
            return;
        }

        if (builder is not null)
        {
            builder.LastHeard = _time.GetUtcNow();
            builder.RemoteMachines = heartbeat.RemoteMachines;
            TakeReported(name, heartbeat.Running);
            return;
        }

        // Dropped after going silent (or never registered here): the builder registers again with what it runs.
        Sender.Tell(new BuilderUnknown(heartbeat.Node, "this scheduler does not know the node (its leases expired, or the scheduler moved)"));
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

        if (_builderByActor.TryGetValue(terminated.ActorRef, out var name))
        {
            SchedulerLog.BuilderLeft(_log, name);
            ForgetBuilder(name, terminated.ActorRef, FarmReasons.NodeLost, mayStillReport: false);
        }
    }

    /// <summary>The builder is gone (stopped, or silent past the lease timeout): its builds are placed again.</summary>
    private void ForgetBuilder(NodeName name, IActorRef actor, string reason, bool mayStillReport)
    {
        _builderByActor.Remove(actor);
        _builders.Remove(name);
        Context.Unwatch(actor);
        foreach (var requeued in _core.BuilderLeft(name))
        {
            BuilderLost(requeued, reason, mayStillReport);
        }

        // Nothing is placed here: the lost builds are placed once their failed tries are journaled.
    }

    /// <summary>
    /// A build whose builder was lost (the core has queued it again) counts as an infrastructure failure: it is placed
    /// again at once, or given up after too many.
    /// </summary>
    private void BuilderLost(DerivationId id, string reason, bool mayStillReport)
    {
        if (_leaseOf.TryGetValue(id, out var lease))
        {
            TryFailed(lease, FailureClass.Infrastructure, reason, mayStillReport);
        }
    }
}

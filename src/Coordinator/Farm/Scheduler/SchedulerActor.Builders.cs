using Akka.Actor;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

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
                BuilderLost(requeued);
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
                BuilderLost(requeued);
            }

            ScheduleNow();
        }
    }

    /// <summary>
    /// A build whose builder left (the core has queued it again) counts as an infrastructure failure: it is placed
    /// again at once (the node is gone, so there is nothing to wait out), or given up after too many.
    /// </summary>
    private void BuilderLost(DerivationId id)
    {
        if (_leaseOf.TryGetValue(id, out var leaseId) && _leases.TryGetValue(leaseId, out var lease))
        {
            _attemptLog.Record(id, new BuildAttempt(
                StorePath.Parse(id.Value), lease.Attempt, new Shared.Protocol.NodeName(lease.Node.Value), FailureClass.Infrastructure, FarmReasons.NodeLost, UtcNow));
        }

        DropLease(id);
        _since[id] = UtcNow;
        var decision = _retries.Decide(id, FailureClass.Infrastructure, FarmReasons.NodeLost);
        if (decision.Verdict == RetryVerdict.Retry)
        {
            Emit(id, BuildState.Waiting, FarmReasons.BuilderLost);
            return;
        }

        _retries.Forget(id);
        FailWithDependents(id, _core.GiveUp(id, decision.Reason), decision.Reason, null);
    }
}

using Akka.Actor;
using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Farm.Persistence.Events;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using NodeName = AsterFarm.Coordinator.Scheduling.Identifiers.NodeName;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    /// <summary>
    /// Asks the core what to start now, journals the leases in one write, and only then sends each dispatch to its
    /// builder's actor: a dispatch nobody journaled could otherwise be built twice after a handover.
    /// </summary>
    private void ScheduleNow()
    {
        if (!_recovered)
        {
            return;
        }

        var leases = new List<BuildDispatched>();
        foreach (var dispatch in _core.Schedule(Now))
        {
            if (!_builders.ContainsKey(dispatch.Node))
            {
                // The core only places on live builders; a builder it knows but this actor lost is gone.
                _core.BuildLost(dispatch.Derivation);
                continue;
            }

            var attempt = _attempts.GetValueOrDefault(dispatch.Derivation) + 1;
            _attempts[dispatch.Derivation] = attempt;
            leases.Add(new BuildDispatched(LeaseId.New(), dispatch.Derivation.Value, dispatch.Node.Value, attempt, UtcNow));
        }

        RecordAll(leases, Dispatch);
    }

    private void Dispatch(BuildDispatched dispatched)
    {
        var derivation = new DerivationId(dispatched.Derivation);
        var node = new NodeName(dispatched.Node);
        _leases[dispatched.Lease] = new LeaseEntry(derivation, node, dispatched.Attempt);
        _leaseOf[derivation] = dispatched.Lease;
        _since[derivation] = dispatched.AtUtc;
        if (!_builders.TryGetValue(node, out var builder))
        {
            // Lost while the lease was being journaled: the lease ends at once.
            Requeue(derivation, FarmReasons.BuilderLost, mayStillReport: false, coreRequeued: false);
            return;
        }

        builder.Actor.Tell(new DispatchBuild(
            dispatched.Lease,
            dispatched.Attempt,
            StorePath.Parse(dispatched.Derivation),
            _systems.GetValueOrDefault(derivation, string.Empty),
            ValueList.From(_outputs.GetValueOrDefault(derivation) ?? ["out"]),
            new BuildDeadlines(_options.BuildTimeout, _options.MaxSilentTime),
            TraceOf(derivation)));
        Emit(derivation, BuildState.Running, null, new Shared.Protocol.NodeName(dispatched.Node));
    }

    private void OnStarted(BuildStarted started)
    {
        if (_leases.TryGetValue(started.Lease, out var lease))
        {
            _core.BuildStarted(lease.Derivation, Now);
        }
    }

    private void OnFinished(BuildFinished finished)
    {
        var verdict = _state.Judge(finished.Lease, finished.DrvPath.ToString());
        if (verdict == LeaseVerdict.Stale)
        {
            SchedulerLog.StaleResult(_log, finished.Lease, finished.DrvPath);
            DropLease(finished.Lease);
            return;
        }

        var derivation = new DerivationId(finished.DrvPath.ToString());
        var seconds = finished.Timings.Build.TotalSeconds;
        Record(new BuildSucceeded(finished.Lease, derivation.Value, finished.Node.Value, UtcNow, SampleOf(derivation, finished.Node, seconds)), succeeded =>
        {
            var current = verdict == LeaseVerdict.Current && _leases.TryGetValue(succeeded.Lease, out var lease) && lease.Derivation == derivation;
            DropLeasesOf(derivation);
            var counted = current
                ? _core.BuildFinished(derivation, Now, seconds > 0 ? seconds : null)
                : _core.LateBuildFinished(derivation);
            if (counted)
            {
                _since[derivation] = succeeded.AtUtc;
                Emit(derivation, BuildState.Built, verdict == LeaseVerdict.Late ? FarmReasons.LateResult : null, finished.Node);
            }

            ScheduleNow();
        });
    }

    private void OnFailed(BuildFailed failed)
    {
        var verdict = _state.Judge(failed.Lease, failed.DrvPath.ToString());
        if (verdict != LeaseVerdict.Current || !_leases.TryGetValue(failed.Lease, out var lease))
        {
            // A failure of a lease that already ended changes nothing: its derivation was placed again.
            SchedulerLog.StaleResult(_log, failed.Lease, failed.DrvPath);
            DropLease(failed.Lease);
            return;
        }

        var id = lease.Derivation;
        if (failed.Class == FailureClass.Infrastructure && lease.Attempt < _options.MaxInfrastructureAttempts)
        {
            SchedulerLog.Retrying(_log, id, lease.Node, failed.Reason);
            Requeue(id, $"retrying after: {failed.Reason}", mayStillReport: false, coreRequeued: false);
            return;
        }

        Record(new BuildFailedForGood(failed.Lease, id.Value, lease.Node.Value, failed.Class, failed.Reason, UtcNow), recorded =>
        {
            SchedulerLog.BuildFailed(_log, id, lease.Node, failed.Reason);
            DropLeasesOf(id);
            _since[id] = recorded.AtUtc;
            var dependents = _core.BuildFailed(id, failed.Reason);
            Emit(id, BuildState.Failed, failed.Reason, failed.Node);
            foreach (var dependent in dependents)
            {
                _since[dependent] = recorded.AtUtc;
                Emit(dependent, BuildState.DependencyFailed, $"{FarmReasons.DependencyFailedPrefix}: {id}");
            }

            ScheduleNow();
        });
    }

    /// <summary>
    /// Ends <paramref name="derivation"/>'s lease without a result that counts and places it again. With
    /// <paramref name="coreRequeued"/> the core already put it back (it evicted the builder); otherwise it is taken off
    /// its slot, or out of the held set of a recovered lease, once the event is journaled.
    /// </summary>
    private void Requeue(DerivationId derivation, string reason, bool mayStillReport, bool coreRequeued)
    {
        if (!_leaseOf.TryGetValue(derivation, out var lease))
        {
            return;
        }

        Record(new BuildRequeued(lease, derivation.Value, reason, UtcNow, mayStillReport), requeued =>
        {
            DropLease(requeued.Lease);
            _detached.Remove(requeued.Lease);
            if (!coreRequeued && !_core.Release(derivation))
            {
                _core.BuildLost(derivation);
            }

            _since[derivation] = requeued.AtUtc;
            Emit(derivation, BuildState.Waiting, reason);
            if (!coreRequeued)
            {
                ScheduleNow();
            }
        });
    }

    /// <summary>The duration history sample of a build on <paramref name="node"/>, as the core records it; null when the node is not registered.</summary>
    private DurationSample? SampleOf(DerivationId derivation, Shared.Protocol.NodeName node, double seconds)
    {
        if (!(seconds > 0) || !_builders.TryGetValue(new NodeName(node.Value), out var builder) || !_systems.TryGetValue(derivation, out var system))
        {
            return null;
        }

        var spec = BuilderSpecs.From(new NodeName(node.Value), builder.Capabilities);
        var speed = Math.Max(spec.NativeSystems.GetValueOrDefault(system), spec.EmulatedSystems.GetValueOrDefault(system));
        return speed > 0 ? new DurationSample(_packages.GetValueOrDefault(derivation, derivation.Value), system, spec.MachineClass, speed, seconds) : null;
    }

    private void DropLease(LeaseId id)
    {
        if (_leases.Remove(id, out var lease) && _leaseOf.TryGetValue(lease.Derivation, out var current) && current == id)
        {
            _leaseOf.Remove(lease.Derivation);
        }
    }

    private void DropLeasesOf(DerivationId derivation)
    {
        if (_leaseOf.Remove(derivation, out var lease))
        {
            _leases.Remove(lease);
            _detached.Remove(lease);
        }
    }

    private TraceContext? TraceOf(DerivationId derivation) =>
        _runsOf.TryGetValue(derivation, out var runs) && runs.Count > 0 ? runs[0].Submission.Trace : null;
}

using Akka.Actor;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    /// <summary>Asks the core what to start now and sends each dispatch to its builder's actor.</summary>
    private void ScheduleNow()
    {
        foreach (var dispatch in _core.Schedule(Now))
        {
            if (!_builders.TryGetValue(dispatch.Node, out var builder))
            {
                // The core only places on live builders; a builder it knows but this actor lost is gone.
                _core.BuildLost(dispatch.Derivation);
                continue;
            }

            var lease = LeaseId.New();
            var attempt = _attempts[dispatch.Derivation] = _attempts.GetValueOrDefault(dispatch.Derivation) + 1;
            _leases[lease] = new LeaseEntry(dispatch.Derivation, dispatch.Node, attempt);
            _leaseOf[dispatch.Derivation] = lease;
            _since[dispatch.Derivation] = UtcNow;
            var system = _systems.GetValueOrDefault(dispatch.Derivation, string.Empty);
            builder.Actor.Tell(new DispatchBuild(
                lease,
                attempt,
                StorePath.Parse(dispatch.Derivation.Value),
                system,
                ValueList.From(_outputs.GetValueOrDefault(dispatch.Derivation) ?? ["out"]),
                new BuildDeadlines(_options.BuildTimeout, _options.MaxSilentTime),
                TraceOf(dispatch.Derivation)));
            Emit(dispatch.Derivation, BuildState.Running, null, new Shared.Protocol.NodeName(dispatch.Node.Value));
        }
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
        if (!TakeLease(finished.Lease, out var lease))
        {
            SchedulerLog.StaleResult(_log, finished.Lease, finished.DrvPath);
            return;
        }

        var measured = finished.Timings.Build.TotalSeconds;
        if (_core.BuildFinished(lease.Derivation, Now, measured > 0 ? measured : null))
        {
            _retries.Forget(lease.Derivation);
            _failures.Forget(lease.Derivation);
            _since[lease.Derivation] = UtcNow;
            Emit(lease.Derivation, BuildState.Built, null, finished.Node);
        }

        ScheduleNow();
    }

    private void OnFailed(BuildFailed failed)
    {
        if (!TakeLease(failed.Lease, out var lease))
        {
            SchedulerLog.StaleResult(_log, failed.Lease, failed.DrvPath);
            return;
        }

        var id = lease.Derivation;
        _since[id] = UtcNow;
        _attemptLog.Record(id, new BuildAttempt(failed.DrvPath, lease.Attempt, new Shared.Protocol.NodeName(lease.Node.Value), failed.Class, failed.Reason, UtcNow));
        var decision = _retries.Decide(id, failed.Class, failed.Reason);
        if (decision.Verdict == RetryVerdict.Retry)
        {
            SchedulerLog.Retrying(_log, id, lease.Node, failed.Reason);
            _core.BuildRetry(id, Now + decision.Delay.TotalSeconds, decision.Reason);
            Emit(id, BuildState.Waiting, decision.Reason);
        }
        else
        {
            SchedulerLog.BuildFailed(_log, id, lease.Node, decision.Reason);
            _retries.Forget(id);
            if (decision.Verdict == RetryVerdict.FailAndCache)
            {
                _failures.Record(id, failed.Reason, _time.GetUtcNow());
            }

            FailWithDependents(id, _core.BuildFailed(id, decision.Reason), decision.Reason, failed.Node);
        }

        ScheduleNow();
    }

    private void FailWithDependents(DerivationId id, IReadOnlyList<DerivationId> dependents, string reason, Shared.Protocol.NodeName? node)
    {
        Emit(id, BuildState.Failed, reason, node);
        foreach (var dependent in dependents)
        {
            _since[dependent] = UtcNow;
            Emit(dependent, BuildState.DependencyFailed, $"{FarmReasons.DependencyFailedPrefix}: {id}");
        }
    }

    private bool TakeLease(LeaseId id, out LeaseEntry lease)
    {
        if (!_leases.Remove(id, out lease!))
        {
            return false;
        }

        _leaseOf.Remove(lease.Derivation);
        return true;
    }

    private void DropLease(DerivationId derivation)
    {
        if (_leaseOf.Remove(derivation, out var lease))
        {
            _leases.Remove(lease);
        }
    }

    private TraceContext? TraceOf(DerivationId derivation) =>
        _runsOf.TryGetValue(derivation, out var runs) && runs.Count > 0 ? runs[0].Submission.Trace : null;
}

using Akka.Actor;
using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Farm.Persistence.Events;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Coordinator.Scheduling.Status;
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
        if (!_recovered || _journaling > 0)
        {
            _scheduleDeferred = _recovered;
            return;
        }

        _scheduleDeferred = false;
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
        Named(dispatched.Lease);
        if (!_builders.TryGetValue(node, out var builder))
        {
            // Lost while the lease was being journaled: the lease ends at once.
            TryFailed(dispatched.Lease, FailureClass.Infrastructure, FarmReasons.NodeLost, mayStillReport: false);
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

    /// <summary>A builder reports success: believed only once the cache holds what it names (looked up off the mailbox).</summary>
    private void OnFinished(BuildFinished finished)
    {
        UncountedEnded(finished.Node, finished.Lease);
        if (_state.Judge(finished.Lease, finished.DrvPath.ToString()) == LeaseVerdict.Stale)
        {
            SchedulerLog.StaleResult(_log, finished.Lease, finished.DrvPath);
            DropLease(finished.Lease);
            return;
        }

        var expected = _outputs.GetValueOrDefault(new DerivationId(finished.DrvPath.ToString())) ?? [];
        _outputsCheck.CheckAsync(expected, finished.Outputs, _stopping.Token).PipeTo(
            Self,
            success: problem => new OutputsChecked(finished, problem),
            failure: error => new OutputsChecked(finished, $"the cache could not be asked for the reported outputs: {error.Message}"));
    }

    private void OnOutputsChecked(OutputsChecked checkedResult)
    {
        var finished = checkedResult.Finished;
        if (checkedResult.Problem is not { } problem)
        {
            Accept(finished);
            return;
        }

        SchedulerLog.ResultRefused(_log, finished.DrvPath, new NodeName(finished.Node.Value), finished.Lease, problem);
        if (_state.Judge(finished.Lease, finished.DrvPath.ToString()) == LeaseVerdict.Current && _leases.ContainsKey(finished.Lease))
        {
            TryFailed(finished.Lease, FailureClass.Infrastructure, $"{FarmReasons.ResultRefused}: {problem}", mayStillReport: false, finished.Node);
        }
    }

    private void Accept(BuildFinished finished)
    {
        // Judged again: another result or a failure of the same lease may have been handled while the cache was asked.
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
            // First result wins: a late one ends the try placed again meanwhile, which is stopped on its builder.
            var superseded = !current && _leaseOf.TryGetValue(derivation, out var again) && again != succeeded.Lease && _leases.TryGetValue(again, out var againEntry)
                ? (Lease: again, Entry: againEntry)
                : default((LeaseId Lease, LeaseEntry Entry)?);
            DropLeasesOf(derivation);
            // A current lease's derivation is running, or held after recovery until its builder claims it: a result
            // that arrives before the claim (the builder finished meanwhile, or resends a result the previous
            // scheduler never got) counts like a late one, wherever the derivation is.
            var counted = (current && _core.BuildFinished(derivation, Now, seconds > 0 ? seconds : null))
                || _core.LateBuildFinished(derivation);
            if (counted && superseded is { } stopped)
            {
                StopSuperseded(derivation, stopped.Lease, stopped.Entry);
            }

            if (counted)
            {
                _records.Finished(derivation, finished.Timings);
                _retries.Forget(derivation);
                _failures.Forget(derivation);
                _since[derivation] = succeeded.AtUtc;
                Emit(derivation, BuildState.Built, verdict == LeaseVerdict.Late ? FarmReasons.LateResult : null, finished.Node);
            }

            ScheduleNow();
        });
    }

    private void OnFailed(BuildFailed failed)
    {
        UncountedEnded(failed.Node, failed.Lease);
        var verdict = _state.Judge(failed.Lease, failed.DrvPath.ToString());
        if (verdict != LeaseVerdict.Current || !_leases.ContainsKey(failed.Lease))
        {
            // A failure of a lease that already ended changes nothing: its derivation was placed again.
            SchedulerLog.StaleResult(_log, failed.Lease, failed.DrvPath);
            DropLease(failed.Lease);
            return;
        }

        _records.Failed(new DerivationId(failed.DrvPath.ToString()), failed.Timings, failed.LogTail);
        TryFailed(failed.Lease, failed.Class, failed.Reason, mayStillReport: false, failed.Node);
    }

    /// <summary>
    /// A try under <paramref name="leaseId"/> ended without a result that counts. The retry policy decides (retry after a
    /// wait, or fail for good and perhaps remember the failure); the try and the decision are journaled, then applied:
    /// the derivation is placed again, or fails with its dependents.
    /// </summary>
    private void TryFailed(LeaseId leaseId, FailureClass failureClass, string reason, bool mayStillReport, Shared.Protocol.NodeName? reportedBy = null)
    {
        if (!_leases.TryGetValue(leaseId, out var lease))
        {
            return;
        }

        // Ending now: no other rule may end it again while the failure is journaled.
        _lastNamed.Remove(leaseId);
        var id = lease.Derivation;
        var decision = _retries.Decide(id, failureClass, reason);
        var final = decision.Verdict != RetryVerdict.Retry;
        var change = new BuildTryFailed(
            leaseId, id.Value, lease.Node.Value, lease.Attempt, failureClass, reason, decision.Reason, final,
            decision.Verdict == RetryVerdict.FailAndCache, mayStillReport, UtcNow);
        Record(change, recorded =>
        {
            DropLease(leaseId);
            _detached.Remove(leaseId);
            _attemptLog.Record(id, new BuildAttempt(StorePath.Parse(id.Value), lease.Attempt, new Shared.Protocol.NodeName(lease.Node.Value), failureClass, reason, recorded.AtUtc));
            _since[id] = recorded.AtUtc;
            if (!final)
            {
                SchedulerLog.Retrying(_log, id, lease.Node, reason);
                PlaceAgain(id, decision.Delay, decision.Reason);
                Emit(id, BuildState.Waiting, decision.Reason);
                ScheduleNow();
                return;
            }

            SchedulerLog.BuildFailed(_log, id, lease.Node, decision.Reason);
            DropLeasesOf(id);
            _retries.Forget(id);
            if (recorded.CacheFailure)
            {
                _failures.Record(id, reason, new DateTimeOffset(recorded.AtUtc, TimeSpan.Zero));
            }

            FailWithDependents(id, FailInCore(id, decision.Reason), decision.Reason, reportedBy);
            ScheduleNow();
        });
    }

    /// <summary>Back to placement: off its slot (after the retry wait), out of the held set of a recovered lease, or already queued by the core.</summary>
    private void PlaceAgain(DerivationId id, TimeSpan delay, string reason)
    {
        if (!_core.Release(id) && _core.Describe(id)?.State == DerivationState.Running)
        {
            _core.BuildRetry(id, Now + delay.TotalSeconds, reason);
        }
    }

    private IReadOnlyList<DerivationId> FailInCore(DerivationId id, string reason)
    {
        if (_core.Describe(id)?.State == DerivationState.Running)
        {
            return _core.BuildFailed(id, reason);
        }

        _core.Release(id);
        return _core.GiveUp(id, reason);
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
        _lastNamed.Remove(id);
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
            _lastNamed.Remove(lease);
            _detached.Remove(lease);
        }
    }

    private TraceContext? TraceOf(DerivationId derivation) =>
        _runsOf.TryGetValue(derivation, out var runs) && runs.Count > 0 ? runs[0].Submission.Trace : null;
}

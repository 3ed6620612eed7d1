using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

internal sealed partial class SchedulerLedger
{
    // Leases in flight that the live view counts (a subset of the durable state's: cancelled and recovered-but-ended
    // ones are not), and the current lease of each derivation.
    private readonly Dictionary<LeaseId, LeaseEntry> _leases = [];
    private readonly Dictionary<DerivationId, LeaseId> _leaseOf = [];

    /// <summary>
    /// A scheduling round: the core's dispatches, each journaled as a lease; the dispatch is sent once the lease is
    /// journaled, so a dispatch nobody journaled cannot be built twice after a handover.
    /// </summary>
    private void ScheduleRound()
    {
        foreach (var dispatch in _core.Schedule(Now))
        {
            if (!_builders.ContainsKey(dispatch.Node))
            {
                // The core only places on live builders; a builder it knows but the ledger lost is gone.
                _core.BuildLost(dispatch.Derivation);
                continue;
            }

            var attempt = (_state.Progress.TryGetValue(dispatch.Derivation.Value, out var progress) ? progress.Attempts : 0) + 1;
            _step.Record(new BuildDispatched(LeaseId.New(), dispatch.Derivation.Value, dispatch.Node.Value, attempt, UtcNow));
        }
    }

    private void Dispatched(BuildDispatched dispatched)
    {
        var derivation = new DerivationId(dispatched.Derivation);
        var node = new Shared.Protocol.NodeName(dispatched.Node);
        _leases[dispatched.Lease] = new LeaseEntry(derivation, node, dispatched.Attempt);
        _leaseOf[derivation] = dispatched.Lease;
        _since[derivation] = dispatched.AtUtc;
        Named(dispatched.Lease);
        if (!_builders.ContainsKey(node))
        {
            // Lost while the lease was being journaled: the lease ends at once.
            EndTry(dispatched.Lease, FailureClass.Infrastructure, FarmReasons.NodeLost, mayStillReport: false);
            return;
        }

        _step.Do(new LedgerEffect.SendToBuilder(node.Value, new DispatchBuild(
            dispatched.Lease,
            dispatched.Attempt,
            StorePath.Parse(dispatched.Derivation),
            _systems.GetValueOrDefault(derivation, string.Empty),
            ValueList.From(_outputs.GetValueOrDefault(derivation) ?? ["out"]),
            new BuildDeadlines(_options.BuildTimeout, _options.MaxSilentTime),
            TraceOf(derivation))));
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
        _step.Do(new LedgerEffect.CheckOutputs(finished, expected));
    }

    private void OnOutputsChecked(LedgerCommand.OutputsChecked checkedResult)
    {
        var finished = checkedResult.Build;
        if (checkedResult.Problem is not { } problem)
        {
            Accept(finished);
            return;
        }

        SchedulerLog.ResultRefused(_log, finished.DrvPath, new Shared.Protocol.NodeName(finished.Node.Value), finished.Lease, problem);
        if (_state.Judge(finished.Lease, finished.DrvPath.ToString()) == LeaseVerdict.Current && _leases.ContainsKey(finished.Lease))
        {
            EndTry(finished.Lease, FailureClass.Infrastructure, $"{FarmReasons.ResultRefused}: {problem}", mayStillReport: false, reported: true);
        }
    }

    private void Accept(BuildFinished finished)
    {
        // Judged again: another result or a failure of the same lease may have been handled while the cache was asked.
        if (_state.Judge(finished.Lease, finished.DrvPath.ToString()) == LeaseVerdict.Stale)
        {
            SchedulerLog.StaleResult(_log, finished.Lease, finished.DrvPath);
            DropLease(finished.Lease);
            return;
        }

        var derivation = new DerivationId(finished.DrvPath.ToString());
        var seconds = finished.Timings.Build.TotalSeconds;
        _records.Finished(derivation, finished.Timings);
        _step.Record(new BuildSucceeded(finished.Lease, derivation.Value, finished.Node.Value, UtcNow, SampleOf(derivation, finished.Node, seconds), seconds));
    }

    private void Succeeded(BuildSucceeded succeeded, LeaseVerdict verdict)
    {
        var derivation = new DerivationId(succeeded.Derivation);
        if (verdict == LeaseVerdict.Stale)
        {
            DropLease(succeeded.Lease);
            return;
        }

        var current = verdict == LeaseVerdict.Current && _leases.TryGetValue(succeeded.Lease, out var lease) && lease.Derivation == derivation;
        // First result wins: a late one ends the try placed again meanwhile, which is stopped on its builder.
        var superseded = !current && _leaseOf.TryGetValue(derivation, out var again) && again != succeeded.Lease && _leases.TryGetValue(again, out var againEntry)
            ? (Lease: again, Entry: againEntry)
            : default((LeaseId Lease, LeaseEntry Entry)?);
        DropLeasesOf(derivation);
        // A current lease's derivation is running, or held after recovery until its builder claims it: a result that
        // arrives before the claim (the builder finished meanwhile, or resends a result the previous scheduler never
        // got) counts like a late one, wherever the derivation is.
        var seconds = succeeded.BuildSeconds ?? succeeded.Duration?.Seconds ?? 0;
        var counted = (current && _core.BuildFinished(derivation, Now, seconds > 0 ? seconds : null))
            || _core.LateBuildFinished(derivation);
        if (counted && superseded is { } stopped)
        {
            StopSuperseded(derivation, stopped.Lease, stopped.Entry);
        }

        if (counted)
        {
            _since[derivation] = succeeded.AtUtc;
            Emit(derivation, BuildState.Built, verdict == LeaseVerdict.Late ? FarmReasons.LateResult : null, new Shared.Protocol.NodeName(succeeded.Node));
        }

        _step.WantSchedule();
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
        EndTry(failed.Lease, failed.Class, failed.Reason, mayStillReport: false, reported: true);
    }

    /// <summary>
    /// A try under <paramref name="leaseId"/> ended without a result that counts. The retry policy decides (retry after a
    /// wait, or fail for good and perhaps remember the failure); the try and the decision are journaled together.
    /// </summary>
    private void EndTry(LeaseId leaseId, FailureClass failureClass, string reason, bool mayStillReport, bool reported = false)
    {
        if (!_leases.TryGetValue(leaseId, out var lease))
        {
            return;
        }

        // Ending now: no other rule may end it again while the failure is journaled.
        _lastNamed.Remove(leaseId);
        var id = lease.Derivation;
        var decision = _retries.Decide(_state.InfrastructureFailures.GetValueOrDefault(id.Value), failureClass, reason);
        _step.Record(new BuildTryFailed(
            leaseId, id.Value, lease.Node.Value, lease.Attempt, failureClass, reason, decision.Reason, decision.Verdict != RetryVerdict.Retry,
            decision.Verdict == RetryVerdict.FailAndCache, mayStillReport, UtcNow, decision.Delay, reported));
    }

    /// <summary>The journaled try: the derivation is placed again after the decision's wait, or fails with its dependents.</summary>
    private void TryFailed(BuildTryFailed failed)
    {
        if (!_leases.TryGetValue(failed.Lease, out var lease))
        {
            return;
        }

        var id = lease.Derivation;
        DropLease(failed.Lease);
        _detached.Remove(failed.Lease);
        _since[id] = failed.AtUtc;
        if (!failed.Final)
        {
            SchedulerLog.Retrying(_log, id, lease.Node, failed.Reason);
            PlaceAgain(id, failed.RetryAfter ?? TimeSpan.Zero, failed.Outcome);
            Emit(id, BuildState.Waiting, failed.Outcome, wait: WaitCause.RetryBackoff);
            _step.WantSchedule();
            return;
        }

        SchedulerLog.BuildFailed(_log, id, lease.Node, failed.Outcome);
        DropLeasesOf(id);
        var dependents = FailInCore(id, failed.Outcome);
        Emit(id, BuildState.Failed, failed.Outcome, failed.Reported ? new Shared.Protocol.NodeName(failed.Node) : null, cause: FailureCause.Build);
        var reason = $"{FarmReasons.DependencyFailedPrefix}: {id}";
        foreach (var dependent in dependents)
        {
            _since[dependent] = UtcNow;
            Emit(dependent, BuildState.DependencyFailed, reason, cause: FailureCause.Dependency);
        }

        _step.WantSchedule();
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

    /// <summary>The duration history sample of a build on <paramref name="node"/>, as the core records it; null when the node is not registered.</summary>
    private DurationSample? SampleOf(DerivationId derivation, Shared.Protocol.NodeName node, double seconds)
    {
        if (!(seconds > 0) || !_builders.TryGetValue(new Shared.Protocol.NodeName(node.Value), out var builder) || !_systems.TryGetValue(derivation, out var system))
        {
            return null;
        }

        var spec = BuilderSpecs.From(new Shared.Protocol.NodeName(node.Value), builder.Capabilities);
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

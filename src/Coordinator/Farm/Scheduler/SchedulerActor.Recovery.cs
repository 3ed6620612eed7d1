using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Scheduling.Graph;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Coordinator.Scheduling.Status;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    // Nothing is scheduled before the core is rebuilt from the journal.
    private bool _recovered;

    /// <summary>
    /// After replaying the journal: a fresh core gets the duration history, every accepted run (derivations built
    /// before as done), the failures, and holds the derivations whose lease was in flight until their builder claims
    /// them or the lease timeout passes. Runs still loading their DAG load it again.
    /// </summary>
    private void Rebuild()
    {
        var started = _time.GetTimestamp();
        foreach (var sample in _state.Durations)
        {
            _core.Estimator.Record(sample.Package, sample.System, sample.MachineClass, sample.Speed, sample.Seconds);
        }

        RestoreFailureHandling();
        var loading = new List<RunBook>();
        foreach (var persisted in _state.Runs)
        {
            var run = AddRun(persisted.Submitted.Submission(), persisted.Submitted.AtUtc);
            run.Roots.Clear();
            run.Roots.AddRange(persisted.Roots.Select(StorePath.Parse));
            run.BatchesReceived = persisted.BatchesReceived;
            if (persisted.Derivations is { } derivations)
            {
                var specs = PersistedDags.Specs(derivations, id => _state.Progress.TryGetValue(id, out var progress) && progress.Built);
                var result = _core.Submit(new RunSubmission(CoreIdOf(run.Id), run.Submission.Priority, specs, CachedFailureFor(run)));
                if (!result.Accepted)
                {
                    SchedulerLog.NotRecovered(_log, run.Id, result.Error);
                    MarkRejected(run, $"not recovered: {result.Error}", [result.Error]);
                    continue;
                }

                var outputs = derivations.ToDictionary(d => new DerivationId(d.Id), d => (IReadOnlyList<string>)d.Outputs);
                // Built ones were submitted as done; the run reports only those the cache held as cached.
                var cached = derivations.Where(d => d.IsCached).Select(d => new DerivationId(d.Id)).ToHashSet();
                Track(run, [.. specs.Select(spec => spec with { IsCached = cached.Contains(spec.Id) })], id => outputs[id]);
                run.Outcome = new RunAccepted(run.Id, derivations.Length, cached.Count);
            }
            else if (persisted.RejectedReason is { } reason)
            {
                MarkRejected(run, reason, persisted.RejectedProblems);
            }
            else if (run.BatchesReceived >= run.Submission.ExpectedRootBatches)
            {
                loading.Add(run);
            }

            if (persisted.CancelledReason is not null)
            {
                run.State = RunState.Cancelled;
            }
        }

        foreach (var (derivation, progress) in _state.Progress)
        {
            var id = new DerivationId(derivation);
            _attempts[id] = progress.Attempts;
            _since[id] = progress.SinceUtc;
            if (progress.Failure is { } failure)
            {
                foreach (var dependent in _core.RestoreFailure(id, failure))
                {
                    _since.TryAdd(dependent, progress.SinceUtc);
                }
            }
        }

        foreach (var run in _runOrder.Where(run => run.State == RunState.Cancelled))
        {
            _core.CancelRun(CoreIdOf(run.Id), FarmReasons.Cancelled);
        }

        var deadline = _time.GetUtcNow() + _options.LeaseTimeout;
        foreach (var (lease, persisted) in _state.Leases)
        {
            var id = new DerivationId(persisted.Derivation);
            if (!_core.Hold(id))
            {
                // Finished or cancelled meanwhile: nothing waits for this lease.
                continue;
            }

            _leases[lease] = new LeaseEntry(id, new NodeName(persisted.Node), persisted.Attempt);
            _leaseOf[id] = lease;
            _detached[lease] = deadline;
        }

        foreach (var run in _runOrder)
        {
            RecountOpen(run);
        }

        _snapshotAt = _state.Applied;
        _recovered = true;
        var elapsed = _time.GetElapsedTime(started);
        SchedulerLog.Recovered(_log, _state.Runs.Count, _state.Progress.Count, _detached.Count, elapsed);
        foreach (var run in loading)
        {
            StartLoading(run);
        }
    }

    /// <summary>Retry counts, remembered build failures and the failed tries the run reports list.</summary>
    private void RestoreFailureHandling()
    {
        foreach (var (derivation, failures) in _state.InfrastructureFailures)
        {
            _retries.Restore(new DerivationId(derivation), failures);
        }

        foreach (var (derivation, failure) in _state.CachedFailures)
        {
            _failures.Record(new DerivationId(derivation), failure.Reason, new DateTimeOffset(failure.AtUtc, TimeSpan.Zero));
        }

        foreach (var (derivation, attempts) in _state.Attempts)
        {
            var path = StorePath.Parse(derivation);
            foreach (var attempt in attempts)
            {
                _attemptLog.Record(new DerivationId(derivation), new BuildAttempt(
                    path, attempt.Attempt, new Shared.Protocol.NodeName(attempt.Node), attempt.Class, attempt.Reason, attempt.AtUtc));
            }
        }
    }

    /// <summary>A recovered run's open and failed counts from the rebuilt core, and its end state when nothing is open.</summary>
    private void RecountOpen(RunBook run)
    {
        if (run.Outcome is not RunAccepted)
        {
            return;
        }

        run.Open = 0;
        run.Failures = 0;
        foreach (var id in run.Derivations)
        {
            var state = _core.Describe(id)?.State;
            run.Failures += state == DerivationState.Failed ? 1 : 0;
            run.Open += state is DerivationState.Failed or DerivationState.Done ? 0 : 1;
        }

        if (!run.IsFinished && run.Open == 0)
        {
            run.State = run.Failures > 0 ? RunState.Failed : RunState.Succeeded;
        }
    }
}

using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

internal sealed partial class SchedulerLedger
{
    /// <summary>
    /// The journal is replayed: the core plans again from the durable state (the duration history, every accepted
    /// run with the derivations built before as done, the failures, the cancellations) and holds the derivations whose
    /// lease was in flight until their builder claims them or the lease timeout passes. Runs still loading their DAG
    /// load it again (the step's effects).
    /// </summary>
    public LedgerStep Recovered(LedgerTime now)
    {
        Begin(now);
        foreach (var sample in _state.Durations)
        {
            _core.Estimator.Record(sample.Package, sample.System, sample.MachineClass, sample.Speed, sample.Seconds);
        }

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
                var result = _core.Submit(new RunSubmission(run.Id, run.Submission.Priority, specs, CachedFailureFor(run)));
                if (!result.Accepted)
                {
                    SchedulerLog.NotRecovered(_log, run.Id, result.Error);
                    MarkRejected(run, $"not recovered: {result.Error}", [result.Error]);
                    continue;
                }

                // Built ones were submitted as done; the run reports only those the cache held as cached.
                var cached = Track(run, derivations);
                run.Outcome = new RunAccepted(run.Id, derivations.Length, cached);
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
            _core.CancelRun(run.Id, FarmReasons.Cancelled);
        }

        var deadline = now.Utc + _options.LeaseTimeout;
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

        foreach (var run in _runOrder.Where(run => run.Outcome is RunAccepted))
        {
            Recount(run);
            if (run.IsFinished)
            {
                continue;
            }

            // A run without keep-going that had failed stopped its remaining builds: they stop again.
            StopIfFailedWithoutKeepGoing(run);
            if (run.Open == 0)
            {
                run.State = run.Failures > 0 ? RunState.Failed : RunState.Succeeded;
            }
        }

        foreach (var run in loading)
        {
            StartLoading(run);
        }

        return _step;
    }
}

using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

internal sealed partial class SchedulerLedger
{
    private readonly Dictionary<Shared.Protocol.RunId, RunBook> _runs = [];
    private readonly List<RunBook> _runOrder = [];
    private readonly Dictionary<DerivationId, List<RunBook>> _runsOf = [];

    // What each derivation of an accepted run is (from its DAG), and since when it is in its state.
    private readonly Dictionary<DerivationId, string> _systems = [];
    private readonly Dictionary<DerivationId, string> _packages = [];
    private readonly Dictionary<DerivationId, IReadOnlyList<string>> _outputs = [];
    private readonly Dictionary<DerivationId, DateTime> _since = [];

    /// <summary>True when the run exists and has not ended: it can be followed.</summary>
    public bool IsOpen(Shared.Protocol.RunId run) => _runs.TryGetValue(run, out var book) && !book.IsFinished;

    private void OnSubmit(SubmitRun submit)
    {
        if (_runs.TryGetValue(submit.Run, out var known))
        {
            // A retried submission is answered, not duplicated (once known, if it is still being validated).
            if (known.Outcome is { } outcome)
            {
                _step.Do(new LedgerEffect.RunAnswered(known.Id, outcome));
            }

            return;
        }

        // Nothing is journaled until the DAG is accepted: a submission refused at validation leaves no run behind.
        var submitted = RunSubmitted.Of(submit, UtcNow);
        var run = AddRun(submit, submitted.AtUtc);
        run.Unjournaled = [submitted];
        if (submit.ExpectedRootBatches <= 1)
        {
            StartLoading(run);
        }
    }

    private RunBook AddRun(SubmitRun submission, DateTime createdAtUtc)
    {
        var run = new RunBook(submission, new DateTimeOffset(createdAtUtc, TimeSpan.Zero));
        _runs.Add(submission.Run, run);
        _runOrder.Add(run);
        return run;
    }

    private void OnAddRoots(AddRunRoots add)
    {
        if (!_runs.TryGetValue(add.Run, out var run) || run.Outcome is not null || run.BatchesReceived >= run.Submission.ExpectedRootBatches)
        {
            return;
        }

        var added = new RunRootsAdded(add.Run, [.. add.Roots.Select(root => root.ToString())]);
        if (run.Unjournaled is { } pending)
        {
            pending.Add(added);
            AddRoots(run, add.Roots);
            return;
        }

        _step.Record(added);
    }

    private void RootsAdded(RunRootsAdded added)
    {
        // A batch journaled with its run's acceptance was counted when it arrived.
        if (_runs.TryGetValue(added.Run, out var run) && !run.Accepting)
        {
            AddRoots(run, [.. added.Roots.Select(Shared.Store.StorePath.Parse)]);
        }
    }

    private void AddRoots(RunBook run, IEnumerable<Shared.Store.StorePath> roots)
    {
        run.Roots.AddRange(roots);
        if (++run.BatchesReceived == run.Submission.ExpectedRootBatches)
        {
            StartLoading(run);
        }
    }

    private void StartLoading(RunBook run)
    {
        SchedulerLog.Loading(_log, run.Id, run.Roots.Count);
        _step.Do(new LedgerEffect.LoadDag(run.Id, [.. run.Roots.Distinct()]));
    }

    private void OnDagLoaded(LedgerCommand.DagLoaded loaded)
    {
        if (!_runs.TryGetValue(loaded.Run, out var run) || run.Outcome is not null)
        {
            return;
        }

        if (loaded.Dag is not { IsComplete: true } dag)
        {
            var problems = loaded.Dag?.Problems ?? [loaded.Error ?? "unknown error"];
            Reject(run, loaded.Dag is null ? "the DAG could not be loaded from the cache" : "the DAG is incomplete in the cache", problems);
            return;
        }

        // Only the core can tell whether the DAG plans (no cycle, every dependency known): it plans it here, and the
        // acceptance journaled next makes it count.
        var failedBefore = dag.Derivations.Where(spec => _core.Describe(spec.Id)?.State == DerivationState.Failed).Select(spec => spec.Id).ToList();
        var result = _core.Submit(new RunSubmission(run.Id, run.Submission.Priority, dag.Derivations, CachedFailureFor(run)));
        if (!result.Accepted)
        {
            Reject(run, result.Error, [result.Error]);
            return;
        }

        foreach (var pending in run.Unjournaled ?? [])
        {
            _step.Record(pending);
        }

        run.Unjournaled = null;
        run.Accepting = true;
        run.RevivedFailures = failedBefore;
        _step.Record(PersistedDags.Accepted(run.Id, dag));
    }

    private void DagAccepted(RunDagAccepted accepted)
    {
        if (!_runs.TryGetValue(accepted.Run, out var run) || !run.Accepting)
        {
            return;
        }

        run.Accepting = false;
        DetachRebuilt(run.RevivedFailures);
        run.RevivedFailures = [];
        var cached = Track(run, accepted.Derivations);
        run.Outcome = new RunAccepted(run.Id, accepted.Derivations.Length, cached);
        SchedulerLog.Accepted(_log, run.Id, accepted.Derivations.Length, cached);
        _step.Do(new LedgerEffect.RunAnswered(run.Id, run.Outcome));
        StopIfFailedWithoutKeepGoing(run);
        FinishIfDone(run);
        _step.WantSchedule();
    }

    /// <summary>The ledger's view of a run the core accepted: what each derivation is, and the run's open count. Returns how many were cached.</summary>
    private int Track(RunBook run, IReadOnlyList<PersistedDerivation> derivations)
    {
        var cached = 0;
        foreach (var derivation in derivations)
        {
            var id = new DerivationId(derivation.Id);
            _systems.TryAdd(id, derivation.System);
            _packages.TryAdd(id, string.IsNullOrEmpty(derivation.PackageName) ? PackageName.FromDerivationName(derivation.Id) : derivation.PackageName);
            _outputs.TryAdd(id, derivation.Outputs);
            if (derivation.IsCached)
            {
                run.Cached.Add(id);
                cached++;
            }

            run.Derivations.Add(id);
            (_runsOf.TryGetValue(id, out var runs) ? runs : _runsOf[id] = []).Add(run);
        }

        run.State = RunState.Running;
        Recount(run);
        return cached;
    }

    /// <summary>A run's open and failed counts from the core.</summary>
    private void Recount(RunBook run)
    {
        run.Open = 0;
        run.Failures = 0;
        foreach (var id in run.Derivations)
        {
            var state = _core.Describe(id)?.State;
            run.Failures += state == DerivationState.Failed ? 1 : 0;
            run.Open += state is DerivationState.Failed or DerivationState.Done ? 0 : 1;
        }
    }

    private void Reject(RunBook run, string reason, IReadOnlyList<string> problems)
    {
        var rejected = new RunDagRejected(run.Id, reason, [.. problems.Take(RunRejected.MaxProblems)]);
        if (run.Unjournaled is not null)
        {
            // Refused at validation: answered, then forgotten; the journal never saw it.
            MarkRejected(run, rejected.Reason, rejected.Problems);
            SchedulerLog.Rejected(_log, run.Id, reason, problems);
            _step.Do(new LedgerEffect.RunAnswered(run.Id, run.Outcome!));
            _runs.Remove(run.Id);
            _runOrder.Remove(run);
            return;
        }

        // A run journaled before it was validated (recovered from an older journal) keeps its record.
        _step.Record(rejected);
    }

    private void DagRejected(RunDagRejected rejected)
    {
        if (_runs.TryGetValue(rejected.Run, out var run))
        {
            MarkRejected(run, rejected.Reason, rejected.Problems);
            SchedulerLog.Rejected(_log, run.Id, rejected.Reason, rejected.Problems);
            _step.Do(new LedgerEffect.RunAnswered(run.Id, run.Outcome!));
        }
    }

    private static void MarkRejected(RunBook run, string reason, IEnumerable<string> problems)
    {
        run.State = RunState.Failed;
        run.Outcome = new RunRejected(run.Id, reason, ValueList.From(problems));
    }

    /// <summary>A derivation's recent build failure as the run is to see it, unless the run rebuilds failures.</summary>
    private Func<DerivationId, string?> CachedFailureFor(RunBook run)
    {
        if (run.Submission.Options.RebuildFailed)
        {
            return _ => null;
        }

        var now = _now.Utc;
        return id => FailureCache.Find(_state.CachedFailures, id, now, _options.FailureCacheTtl)?.Describe();
    }

    /// <summary>
    /// Earlier runs counted these derivations as failed; the outcome of those this submission builds again belongs to
    /// the runs building them now, so a still-running earlier run does not count it a second time.
    /// </summary>
    private void DetachRebuilt(IReadOnlyList<DerivationId> failedBefore)
    {
        foreach (var id in failedBefore)
        {
            if (_core.Describe(id)?.State != DerivationState.Failed)
            {
                _runsOf.Remove(id);
            }
        }
    }

    private void OnCancel(CancelRun cancel)
    {
        if (_runs.TryGetValue(cancel.Run, out var run) && !run.IsFinished && run.Outcome is RunAccepted)
        {
            _step.Record(new RunCancelled(run.Id, cancel.Reason, UtcNow));
        }
    }

    private void RunCancelled(RunCancelled cancelled)
    {
        if (!_runs.TryGetValue(cancelled.Run, out var run) || run.IsFinished || run.Outcome is not RunAccepted)
        {
            return;
        }

        SchedulerLog.Cancelled(_log, run.Id, cancelled.Reason);
        run.State = RunState.Cancelled;
        StopRemaining(run, FarmReasons.Cancelled, $"run {run.Id} cancelled: {cancelled.Reason}");
        FinishRun(run);
        _step.WantSchedule();
    }

    /// <summary>
    /// Without keep-going, the run's first failure stops it: its remaining builds that no other live run needs are
    /// cancelled (stopped on their builders), and the run ends failed once nothing of it runs.
    /// </summary>
    private void StopIfFailedWithoutKeepGoing(RunBook run)
    {
        if (run.Failures == 0 || run.Submission.Options.KeepGoing || run.Stopped || run.IsFinished)
        {
            return;
        }

        run.Stopped = true;
        SchedulerLog.StoppedAfterFailure(_log, run.Id);
        var cancelled = StopRemaining(run, FarmReasons.StoppedAfterFailure, $"run {run.Id} stopped after a failure (keep-going is off)");
        foreach (var id in cancelled)
        {
            Emit(id, BuildState.Cancelled, FarmReasons.StoppedAfterFailure, cause: FailureCause.Cancelled);
        }
    }

    /// <summary>Builds another live run needs go on; the others fail as cancelled and those running stop on their builders. Returns the cancelled ones.</summary>
    private List<DerivationId> StopRemaining(RunBook run, string reason, string stopReason)
    {
        var open = run.Derivations.Where(id => _core.Describe(id)?.State is not (DerivationState.Done or DerivationState.Failed)).ToList();
        foreach (var stopped in _core.CancelRun(run.Id, reason))
        {
            if (_leaseOf.TryGetValue(stopped.Derivation, out var lease) && _builders.ContainsKey(stopped.Node))
            {
                _step.Do(new LedgerEffect.SendToBuilder(stopped.Node.Value, new CancelBuild(lease, stopReason)));
            }

            DropLeasesOf(stopped.Derivation);
        }

        var cancelled = open.Where(id => _core.Describe(id) is { State: DerivationState.Failed, Cause: FailureCause.Cancelled }).ToList();
        foreach (var id in cancelled)
        {
            DropLeasesOf(id);
            _since[id] = UtcNow;
        }

        return cancelled;
    }

    /// <summary>Tells every run holding <paramref name="id"/> that it changed, and closes it in those runs when it ended.</summary>
    private void Emit(DerivationId id, BuildState state, string? reason, Shared.Protocol.NodeName? node = null, WaitCause wait = WaitCause.None, FailureCause? cause = null)
    {
        RecordForDashboard(id, state, node);
        if (!_runsOf.TryGetValue(id, out var runs))
        {
            return;
        }

        var progress = new BuildProgress(Shared.Store.StorePath.Parse(id.Value), _systems.GetValueOrDefault(id, "unknown"), state, node, UtcNow, reason, wait, cause);
        var ended = state is BuildState.Built or BuildState.Failed or BuildState.DependencyFailed or BuildState.Cancelled;
        foreach (var run in runs.ToList())
        {
            if (run.IsFinished)
            {
                continue;
            }

            _step.Do(new LedgerEffect.RunChanged(new RunBuildEvent(run.Id, ++run.Sequence, progress)));
            if (ended)
            {
                run.Open--;
                run.Failures += state is BuildState.Built or BuildState.Cancelled ? 0 : 1;
                StopIfFailedWithoutKeepGoing(run);
                FinishIfDone(run);
            }
        }
    }

    private void FinishIfDone(RunBook run)
    {
        if (run.Open > 0 || run.IsFinished)
        {
            return;
        }

        run.State = run.Failures > 0 ? RunState.Failed : RunState.Succeeded;
        SchedulerLog.Ended(_log, run.Id, run.State);
        FinishRun(run);
    }

    private void FinishRun(RunBook run)
    {
        _runEnded.TryAdd(run.Id, UtcNow);
        _core.EndRun(run.Id);
        _step.Do(new LedgerEffect.RunEnded(StatusOf(run.Id)));
    }

}

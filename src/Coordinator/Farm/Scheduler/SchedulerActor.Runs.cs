using Akka.Actor;
using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Farm.Persistence.Events;
using AsterFarm.Coordinator.Scheduling.Estimates;
using AsterFarm.Coordinator.Scheduling.Graph;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Coordinator.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using CoreRunId = AsterFarm.Coordinator.Scheduling.Identifiers.RunId;
using ProtocolRunId = AsterFarm.Shared.Protocol.RunId;
using ProtocolRunStatus = AsterFarm.Shared.Protocol.Runs.RunStatus;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    private void OnSubmit(SubmitRun submit)
    {
        if (_runs.TryGetValue(submit.Run, out var known))
        {
            // A retried submission is answered, not duplicated.
            Answer(known, Sender);
            return;
        }

        // Nothing is journaled until the DAG is accepted: a submission refused at validation leaves no run behind.
        var submitted = RunSubmitted.Of(submit, UtcNow);
        var run = AddRun(submit, submitted.AtUtc);
        run.Unjournaled = [submitted];
        run.AwaitingOutcome.Add(Sender);
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
            AddRoots(run, add);
            return;
        }

        Record(added, _ => AddRoots(run, add));
    }

    private void AddRoots(RunBook run, AddRunRoots add)
    {
        run.Roots.AddRange(add.Roots);
        if (++run.BatchesReceived == run.Submission.ExpectedRootBatches)
        {
            StartLoading(run);
        }
    }

    private void StartLoading(RunBook run)
    {
        var id = run.Id;
        SchedulerLog.Loading(_log, id, run.Roots.Count);
        _loadDag([.. run.Roots.Distinct()], _stopping.Token).PipeTo(
            Self,
            success: dag => new DagLoaded(id, dag, null),
            failure: error => new DagLoaded(id, null, error.GetBaseException().Message));
    }

    private void OnDagLoaded(DagLoaded loaded)
    {
        var run = _runs[loaded.Run];
        if (run.Outcome is not null)
        {
            return;
        }

        if (loaded.Dag is not { IsComplete: true } dag)
        {
            var problems = loaded.Dag?.Problems ?? [loaded.Error ?? "unknown error"];
            Reject(run, loaded.Dag is null ? "the DAG could not be loaded from the cache" : "the DAG is incomplete in the cache", problems);
            return;
        }

        var failedBefore = dag.Derivations.Where(spec => _core.Describe(spec.Id)?.State == DerivationState.Failed).Select(spec => spec.Id).ToList();
        var result = _core.Submit(new RunSubmission(CoreIdOf(run.Id), run.Submission.Priority, dag.Derivations, CachedFailureFor(run)));
        if (!result.Accepted)
        {
            Reject(run, result.Error, [result.Error]);
            return;
        }

        List<ISchedulerEvent> journal = [.. run.Unjournaled ?? [], PersistedDags.Accepted(run.Id, dag)];
        run.Unjournaled = null;
        RecordAll(journal, recorded =>
        {
            if (recorded is not RunDagAccepted)
            {
                return;
            }

            DetachRebuilt(failedBefore);
            Track(run, dag.Derivations, id => dag.Outputs[id]);
            run.Outcome = new RunAccepted(run.Id, dag.Derivations.Count, dag.CachedCount);
            SchedulerLog.Accepted(_log, run.Id, dag.Derivations.Count, dag.CachedCount);
            AnswerAll(run);
            FinishIfDone(run);
            ScheduleNow();
        });
    }

    /// <summary>The actor's bookkeeping of a run the core accepted: what each derivation is, and the run's open count.</summary>
    private void Track(RunBook run, IReadOnlyList<DerivationSpec> derivations, Func<DerivationId, IReadOnlyList<string>> outputs)
    {
        foreach (var spec in derivations)
        {
            _systems.TryAdd(spec.Id, spec.System);
            _packages.TryAdd(spec.Id, string.IsNullOrEmpty(spec.PackageName) ? PackageName.FromDerivationName(spec.Id.Value) : spec.PackageName);
            _outputs.TryAdd(spec.Id, outputs(spec.Id));
            if (spec.IsCached)
            {
                run.Cached.Add(spec.Id);
            }

            run.Derivations.Add(spec.Id);
            (_runsOf.TryGetValue(spec.Id, out var runs) ? runs : _runsOf[spec.Id] = []).Add(run);
            var state = _core.Describe(spec.Id)?.State;
            if (state == DerivationState.Failed)
            {
                run.Failures++;
            }
            else if (state != DerivationState.Done)
            {
                run.Open++;
            }
        }

        run.State = RunState.Running;
    }

    private void Reject(RunBook run, string reason, IReadOnlyList<string> problems)
    {
        var rejected = new RunDagRejected(run.Id, reason, [.. problems.Take(RunRejected.MaxProblems)]);
        if (run.Unjournaled is not null)
        {
            // Refused at validation: answered, then forgotten; the journal never saw it.
            MarkRejected(run, rejected.Reason, rejected.Problems);
            SchedulerLog.Rejected(_log, run.Id, reason, problems);
            AnswerAll(run);
            _runs.Remove(run.Id);
            _runOrder.Remove(run);
            return;
        }

        // A run journaled before it was validated (recovered from an older journal) keeps its record.
        Record(rejected, recorded =>
        {
            MarkRejected(run, recorded.Reason, recorded.Problems);
            SchedulerLog.Rejected(_log, run.Id, reason, problems);
            AnswerAll(run);
        });
    }

    private static void MarkRejected(RunBook run, string reason, IEnumerable<string> problems)
    {
        run.State = RunState.Failed;
        run.Outcome = new RunRejected(run.Id, reason, ValueList.From(problems));
    }

    private static void AnswerAll(RunBook run)
    {
        foreach (var waiting in run.AwaitingOutcome)
        {
            Answer(run, waiting);
        }

        run.AwaitingOutcome.Clear();
    }

    private static void Answer(RunBook run, IActorRef to)
    {
        if (run.Outcome is { } outcome)
        {
            to.Tell(outcome);
        }
        else
        {
            run.AwaitingOutcome.Add(to);
        }
    }

    private void OnListRuns(ListRuns query)
    {
        var limit = Math.Clamp(query.Limit, 0, ListRuns.MaxRuns);
        var runs = Enumerable.Reverse(_runOrder).Take(limit).Select(run => RunReport.Of(run, _core, _systems, _since, withBuilds: false));
        Sender.Tell(new RunList(ValueList.From(runs)));
    }

    private void OnSubscribe(SubscribeRun subscribe)
    {
        Sender.Tell(StatusOf(subscribe.Run));
        if (!_runs.TryGetValue(subscribe.Run, out var run) || run.IsFinished)
        {
            return;
        }

        run.Subscribers.Add(Sender);
        if (!_followers.TryGetValue(Sender, out var followed))
        {
            _followers[Sender] = followed = [];
            Context.Watch(Sender);
        }

        followed.Add(run);
    }

    /// <summary>A derivation's recent build failure as the run is to see it, unless the run rebuilds failures.</summary>
    private Func<DerivationId, string?> CachedFailureFor(RunBook run)
    {
        if (run.Submission.Options.RebuildFailed)
        {
            return _ => null;
        }

        var now = _time.GetUtcNow();
        return id => _failures.Find(id, now)?.Describe();
    }

    /// <summary>
    /// Earlier runs counted these derivations as failed; the outcome of those this submission builds again belongs to
    /// the runs building them now, so a still-running earlier run does not count it a second time.
    /// </summary>
    private void DetachRebuilt(List<DerivationId> failedBefore)
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
        var asker = Sender;
        if (_runs.TryGetValue(cancel.Run, out var run) && !run.IsFinished && run.Outcome is RunAccepted)
        {
            Record(new RunCancelled(run.Id, cancel.Reason, UtcNow), _ =>
            {
                SchedulerLog.Cancelled(_log, run.Id, cancel.Reason);
                run.State = RunState.Cancelled;
                StopCancelled(run, cancel.Reason);
                FinishRun(run);
                ScheduleNow();
                asker.Tell(StatusOf(cancel.Run));
            });
            return;
        }

        asker.Tell(StatusOf(cancel.Run));
    }

    /// <summary>Builds another live run needs go on; the others stop on their builders.</summary>
    private void StopCancelled(RunBook run, string reason)
    {
        foreach (var stopped in _core.CancelRun(CoreIdOf(run.Id), FarmReasons.Cancelled))
        {
            if (_leaseOf.TryGetValue(stopped.Derivation, out var lease) && _builders.TryGetValue(stopped.Node, out var builder))
            {
                builder.Actor.Tell(new CancelBuild(lease, $"run {run.Id} cancelled: {reason}"));
            }

            DropLeasesOf(stopped.Derivation);
            _retries.Forget(stopped.Derivation);
            _since[stopped.Derivation] = UtcNow;
        }
    }

    private ProtocolRunStatus StatusOf(ProtocolRunId id) =>
        _runs.TryGetValue(id, out var run) ? RunReport.Of(run, _core, _systems, _since, _attemptLog) : RunReport.Unknown(id);

    /// <summary>Tells every run holding <paramref name="id"/> that it changed, and closes it in those runs when it ended.</summary>
    private void Emit(DerivationId id, BuildState state, string? reason, Shared.Protocol.NodeName? node = null)
    {
        RecordForDashboard(id, state, node);
        if (!_runsOf.TryGetValue(id, out var runs))
        {
            return;
        }

        var progress = new BuildProgress(Shared.Store.StorePath.Parse(id.Value), _systems.GetValueOrDefault(id, "unknown"), state, node, UtcNow, reason);
        var ended = state is BuildState.Built or BuildState.Failed or BuildState.DependencyFailed;
        foreach (var run in runs)
        {
            if (run.IsFinished)
            {
                continue;
            }

            var message = new RunBuildEvent(run.Id, ++run.Sequence, progress);
            foreach (var follower in run.Subscribers)
            {
                follower.Tell(message);
            }

            if (ended)
            {
                run.Open--;
                run.Failures += state == BuildState.Built ? 0 : 1;
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
        RecordRunEnded(run);
        _core.EndRun(CoreIdOf(run.Id));
        var final = RunReport.Of(run, _core, _systems, _since, _attemptLog);
        foreach (var follower in run.Subscribers)
        {
            follower.Tell(final);
            if (_followers.TryGetValue(follower, out var followed))
            {
                followed.Remove(run);
            }
        }

        run.Subscribers.Clear();
    }

    private static CoreRunId CoreIdOf(ProtocolRunId id) => new(id.ToString());
}

using Akka.Actor;
using Akka.Persistence;
using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Coordinator.Scheduler.Ledger;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Scheduling;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// The scheduler, a cluster singleton on coordinator nodes: a thin shell around <see cref="SchedulerLedger"/>, which
/// makes every decision. The actor journals what the ledger decides, applies it once journaled, and performs the
/// effects: sends to builders, answers and follower events, DAG loads and output checks off the mailbox (piped back),
/// watches, the timer, snapshots.
/// </summary>
/// <remarks>
/// Two behaviours: <c>Recovering</c> replays the journal into the ledger's durable state (commands wait meanwhile),
/// then <c>Active</c> handles commands. Events are journaled before they are acted on or told to anyone; the state is
/// snapshotted every <see cref="PersistenceOptions.SnapshotEvery"/> events.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources are released in PostStop, not by Dispose.")]
internal sealed class SchedulerActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>One scheduler per cluster, so one fixed journal.</summary>
    public const string JournalId = "asterfarm-scheduler";

    private const string TickTimer = "schedule";

    private readonly FarmOptions _options;
    private readonly PersistenceOptions _persistence;
    private readonly Func<IReadOnlyCollection<StorePath>, CancellationToken, Task<LoadedDag>> _loadDag;
    private readonly BuiltOutputsCheck _outputsCheck;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly ILogger _log;
    private readonly SchedulerLedger _ledger;
    private readonly CancellationTokenSource _stopping = new();

    // Delivery, not scheduling: where each registered builder's actor is, and who follows which run.
    private readonly Dictionary<string, IActorRef> _builders = new(StringComparer.Ordinal);
    private readonly RunFollowers _followers = new();

    // Journal plumbing: events written but not applied yet (placement waits for them), and the last snapshot.
    private int _journaling;
    private bool _scheduleDeferred;
    private long _snapshotAt;

    public SchedulerActor(
        FarmOptions options,
        SchedulerOptions coreOptions,
        PersistenceOptions persistence,
        Func<IReadOnlyCollection<StorePath>, CancellationToken, Task<LoadedDag>> loadDag,
        BuiltOutputsCheck outputsCheck,
        TimeProvider time,
        ILogger logger)
    {
        _outputsCheck = outputsCheck;
        _log = logger;
        _options = options;
        _persistence = persistence;
        _loadDag = loadDag;
        _time = time;
        _epoch = time.GetTimestamp();
        _ledger = new SchedulerLedger(options, coreOptions, logger);
        Recovering();
    }

    public override string PersistenceId => JournalId;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The props with the DAG read through <paramref name="loader"/> and results checked by <paramref name="outputsCheck"/>.</summary>
    public static Props Props(
        FarmOptions options,
        SchedulerOptions coreOptions,
        PersistenceOptions persistence,
        DagLoader loader,
        BuiltOutputsCheck outputsCheck,
        TimeProvider time,
        ILogger logger) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(options, coreOptions, persistence, loader.LoadAsync, outputsCheck, time, logger));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(TickTimer, new Decided(LedgerCommand.Tick.Instance), _options.ScheduleInterval);

    // The loading tasks watch this token: a stopped scheduler (handover) does not keep reading the cache.
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    /// <summary>Now, on the monotonic clock since this actor started (the core's time) and on the wall clock.</summary>
    private LedgerTime Time => new(_time.GetElapsedTime(_epoch).TotalSeconds, _time.GetUtcNow());

    /// <summary>Replays the journal into the ledger's durable state; commands wait (Akka stashes them) until it is done.</summary>
    private void Recovering()
    {
        Recover<SnapshotOffer>(offer => _ledger.Restore(SchedulerSnapshot.Read(offer.Snapshot)));
        Recover<ISchedulerEvent>(_ledger.Replay);
        Recover<RecoveryCompleted>(_ =>
        {
            var started = _time.GetTimestamp();
            Perform(_ledger.Recovered(Time));
            _snapshotAt = _ledger.State.Applied;
            var elapsed = _time.GetElapsedTime(started);
            SchedulerLog.Recovered(_log, _ledger.State.Runs.Count, _ledger.State.Progress.Count, _ledger.DetachedLeases, elapsed);
            Become(Active);
        });
    }

    private void Active()
    {
        Command<SubmitRun>(submit =>
        {
            _followers.Await(submit.Run, Sender);
            Decide(new LedgerCommand.Submit(submit));
        });
        Command<AddRunRoots>(add => Decide(new LedgerCommand.AddRoots(add)));
        Command<CancelRun>(OnCancel);
        Command<SubscribeRun>(OnSubscribe);
        Command<RegisterBuilder>(register =>
            Decide(new LedgerCommand.Register(register, Sender.Path.ToStringWithUid(), Sender.Path.Address.ToString())));
        Command<BuilderHeartbeat>(heartbeat => Decide(new LedgerCommand.Heartbeat(heartbeat, Sender.Path.ToStringWithUid())));
        Command<BuildStarted>(started => Decide(new LedgerCommand.Started(started)));
        Command<BuildFinished>(finished => Decide(new LedgerCommand.Finished(finished)));
        Command<BuildFailed>(failed => Decide(new LedgerCommand.Failed(failed)));
        Command<Decided>(decided => Decide(decided.Command));
        Command<Terminated>(OnTerminated);
        Command<GetRunStatus>(Answer);
        Command<ListRuns>(Answer);
        Command<ListBuilders>(Answer);
        Command<GetRunPage>(Answer);
        Command<GetRunTimeline>(Answer);
        Command<GetQueueReport>(Answer);
        Command<GetDerivation>(Answer);
        Command<ListRunSummaries>(Answer);
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(failure => SchedulerLog.SnapshotFailed(_log, failure.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    private void Answer(IAsterFarmMessage query) => Sender.Tell(_ledger.Answer(query, Time));

    private void Decide(ILedgerCommand command) => Perform(_ledger.Decide(command, Time));

    private void OnCancel(CancelRun cancel)
    {
        var asker = Sender;
        var step = _ledger.Decide(new LedgerCommand.Cancel(cancel), Time);
        Perform(step);
        if (step.Journal.Count == 0)
        {
            asker.Tell(_ledger.StatusOf(cancel.Run));
            return;
        }

        // Answered once the cancellation is journaled and applied.
        DeferAsync(cancel, _ => asker.Tell(_ledger.StatusOf(cancel.Run)));
    }

    private void OnSubscribe(SubscribeRun subscribe)
    {
        Sender.Tell(_ledger.StatusOf(subscribe.Run));
        if (_ledger.IsOpen(subscribe.Run) && _followers.Subscribe(subscribe.Run, Sender))
        {
            Context.Watch(Sender);
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        _followers.Forget(terminated.ActorRef);
        if (_builders.ContainsValue(terminated.ActorRef))
        {
            Decide(new LedgerCommand.BuilderLeft(terminated.ActorRef.Path.ToStringWithUid()));
        }
    }

    /// <summary>Performs a step's effects, then journals its events (each applied once written) and schedules when asked.</summary>
    private void Perform(LedgerStep step)
    {
        foreach (var effect in step.Effects)
        {
            Perform(effect);
        }

        if (step.Journal.Count > 0)
        {
            _journaling += step.Journal.Count;
            PersistAll(step.Journal, Applied);
        }

        if (step.ScheduleWanted)
        {
            ScheduleNow();
        }
    }

    private void Perform(ILedgerEffect effect)
    {
        switch (effect)
        {
            case LedgerEffect.SendToBuilder send when _builders.TryGetValue(send.Node, out var builder):
                builder.Tell(send.Message);
                break;
            case LedgerEffect.Reply reply:
                Sender.Tell(reply.Message);
                break;
            case LedgerEffect.RunAnswered answered:
                foreach (var asker in _followers.TakeAwaiting(answered.Run))
                {
                    asker.Tell(answered.Outcome);
                }

                break;
            case LedgerEffect.RunChanged changed:
                foreach (var follower in _followers.SubscribersOf(changed.Event.Run))
                {
                    follower.Tell(changed.Event);
                }

                break;
            case LedgerEffect.RunEnded ended:
                foreach (var follower in _followers.End(ended.Final.Run))
                {
                    follower.Tell(ended.Final);
                }

                break;
            case LedgerEffect.LoadDag load:
                _loadDag(load.Roots, _stopping.Token).PipeTo(
                    Self,
                    success: dag => new Decided(new LedgerCommand.DagLoaded(load.Run, dag, null)),
                    failure: error => new Decided(new LedgerCommand.DagLoaded(load.Run, null, error.GetBaseException().Message)));
                break;
            case LedgerEffect.CheckOutputs check:
                var finished = check.Build;
                _outputsCheck.CheckAsync(check.Expected, finished.Outputs, _stopping.Token).PipeTo(
                    Self,
                    success: problem => new Decided(new LedgerCommand.OutputsChecked(finished, problem)),
                    failure: error => new Decided(new LedgerCommand.OutputsChecked(finished, $"the cache could not be asked for the reported outputs: {error.Message}")));
                break;
            case LedgerEffect.WatchBuilder watch:
                _builders[watch.Node] = Sender;
                Context.Watch(Sender);
                break;
            case LedgerEffect.ForgetBuilder forget:
                foreach (var (node, actor) in _builders.Where(entry => entry.Value.Path.ToStringWithUid() == forget.Incarnation).ToList())
                {
                    _builders.Remove(node);
                    Context.Unwatch(actor);
                }

                break;
        }
    }

    /// <summary>A scheduling round, once nothing is being journaled (a lost build is not placed again before its failed try is journaled).</summary>
    private void ScheduleNow()
    {
        if (_journaling > 0)
        {
            _scheduleDeferred = true;
            return;
        }

        _scheduleDeferred = false;
        Perform(_ledger.Decide(LedgerCommand.Schedule.Instance, Time));
    }

    private void Applied(ISchedulerEvent recorded)
    {
        _journaling--;
        Perform(_ledger.Apply(recorded, Time));
        SnapshotIfDue();
        if (_journaling == 0 && _scheduleDeferred)
        {
            ScheduleNow();
        }
    }

    private void SnapshotIfDue()
    {
        if (_ledger.State.Applied - _snapshotAt < _persistence.SnapshotEvery)
        {
            return;
        }

        _snapshotAt = _ledger.State.Applied;
        SaveSnapshot(SchedulerSnapshot.Of(_ledger.State));
    }

    // Older snapshots and the events they contain are no longer needed for recovery.
    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        DeleteMessages(saved.Metadata.SequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
    }

    /// <summary>A command for the ledger from this actor itself: the timer, a loaded DAG, checked outputs.</summary>
    private sealed record Decided(ILedgerCommand Command) : INoSerializationVerificationNeeded;
}

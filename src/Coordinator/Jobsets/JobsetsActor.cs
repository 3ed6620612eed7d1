using Akka.Actor;
using Akka.Persistence;
using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Coordinator.Jobsets.Persistence;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>
/// The jobsets singleton, beside the scheduler: keeps jobset definitions and evaluations in its own journal (on the
/// scheduler's persistence plugin), starts scheduled evaluations on time, evaluates with the local Nix, submits each
/// evaluation's drvs as one run to the scheduler (<see cref="SubmitRun"/>, as the run API does), reads each job's
/// outcome from the run's status when it ends, and reports the diff to the previous evaluation.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources are released in PostStop, not by Dispose.")]
internal sealed partial class JobsetsActor : ReceivePersistentActor, IWithTimers
{
    public const string JournalId = "asterfarm-jobsets";

    private readonly JobsetsOptions _options;
    private readonly IJobsetEvaluator _evaluator;
    private readonly IClosureUploader _uploader;
    private readonly IActorRef _scheduler;
    private readonly StoreDir _storeDir;
    private readonly TimeProvider _clock;
    private readonly WebhookPoster _webhooks;
    private readonly ILogger _log;
    private readonly JobsetsState _state;
    private readonly CancellationTokenSource _stopping = new();
    private long _snapshotAt;

    public JobsetsActor(
        JobsetsOptions options, IJobsetEvaluator evaluator, IClosureUploader uploader, IActorRef scheduler, StoreDir storeDir, TimeProvider clock, WebhookPoster webhooks, ILogger log)
    {
        _options = options;
        _evaluator = evaluator;
        _uploader = uploader;
        _scheduler = scheduler;
        _storeDir = storeDir;
        _clock = clock;
        _webhooks = webhooks;
        _log = log;
        _state = new JobsetsState(options.HistoryLimit);

        Recover<SnapshotOffer>(offer =>
        {
            _state.Restore((JobsetsSnapshot)offer.Snapshot);
            _snapshotAt = _state.Applied;
        });
        Recover<IJobsetEvent>(_state.Apply);
        Recover<RecoveryCompleted>(_ => Resume());
        Commands();
        EvaluationCommands();
        Command<SaveSnapshotSuccess>(saved =>
        {
            // Older snapshots and the events they contain are no longer needed for recovery.
            DeleteMessages(saved.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => LogSnapshotFailed(_log, failed.Cause));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId => JournalId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(
        JobsetsOptions options, IJobsetEvaluator evaluator, IClosureUploader uploader, IActorRef scheduler, StoreDir storeDir, TimeProvider clock, WebhookPoster webhooks, ILogger log) =>
        Akka.Actor.Props.Create(() => new JobsetsActor(options, evaluator, uploader, scheduler, storeDir, clock, webhooks, log));

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>Journals <paramref name="change"/>, folds it into the state, then runs <paramref name="then"/>; commands wait meanwhile.</summary>
    private void Record<TEvent>(TEvent change, Action<TEvent> then)
        where TEvent : IJobsetEvent =>
        Persist(change, recorded =>
        {
            _state.Apply(recorded);
            then(recorded);
            if (_state.Applied - _snapshotAt >= _options.SnapshotEvery)
            {
                _snapshotAt = _state.Applied;
                SaveSnapshot(_state.ToSnapshot());
            }
        });

    /// <summary>
    /// After recovery (a restart or a failover): evaluations whose Nix run was interrupted start again under the same
    /// number and slot; submitted ones are submitted again under the same run id, which the scheduler answers without
    /// duplicating; then schedules and runs are followed.
    /// </summary>
    private void Resume()
    {
        foreach (var entry in _state.Jobsets.Values)
        {
            foreach (var record in entry.Evaluations)
            {
                switch (record.State)
                {
                    case Model.EvaluationState.Evaluating:
                        LogResumed(_log, entry.Definition.Name, record.Number, "evaluating again");
                        StartNix(entry.Definition, record.Number);
                        break;
                    case Model.EvaluationState.Building when record.Run is null:
                        Submit(entry.Definition, record);
                        break;
                    case Model.EvaluationState.Building:
                        SendRun(entry.Definition, record);
                        break;
                }
            }
        }

        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.Zero, _options.TickInterval);
        Timers.StartPeriodicTimer("poll", PollRuns.Instance, _options.RunPollInterval, _options.RunPollInterval);
    }

    /// <summary>Time to look for schedule slots that have come.</summary>
    private sealed class Tick : INoSerializationVerificationNeeded
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>Time to ask the scheduler how the evaluations' runs are going.</summary>
    private sealed class PollRuns : INoSerializationVerificationNeeded
    {
        public static readonly PollRuns Instance = new();
    }

    [LoggerMessage(1, LogLevel.Warning, "Jobsets snapshot failed")]
    private static partial void LogSnapshotFailed(ILogger logger, Exception error);

    [LoggerMessage(2, LogLevel.Information, "Jobset {Jobset} evaluation #{Number} resumed after recovery: {What}")]
    private static partial void LogResumed(ILogger logger, string jobset, int number, string what);

    [LoggerMessage(3, LogLevel.Information, "{Summary}")]
    private static partial void LogSummary(ILogger logger, string summary);

    [LoggerMessage(4, LogLevel.Warning, "Jobset {Jobset} webhook not delivered: {Failure}")]
    private static partial void LogWebhookFailed(ILogger logger, string jobset, string failure);

    [LoggerMessage(5, LogLevel.Warning, "Jobset {Jobset} evaluation #{Number}: run {Run} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string jobset, int number, string run, string reason);
}

using Akka.Actor;
using Akka.Persistence;
using AsterFarm.Coordinator.Farm.Dag;
using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Scheduling;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging;
using ProtocolRunId = AsterFarm.Shared.Protocol.RunId;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>
/// The scheduler, a cluster singleton on coordinator nodes: a thin shell around <see cref="SchedulerCore"/>, which
/// makes every decision. It loads submitted DAGs from the cache off the mailbox (piped back), feeds the core builder
/// and build events with the time from an injected clock, sends the core's dispatches to the builders' actors, and
/// reports runs (status queries, event streams to followers).
/// </summary>
/// <remarks>
/// Event-sourced: every decision that must survive the singleton's node (a submission, an accepted DAG, a dispatch, a
/// result, a requeue) is journaled as an event before it is acted on or told to anyone, and folded into a
/// <see cref="SchedulerState"/> that is snapshotted every <see cref="PersistenceOptions.SnapshotEvery"/> events. A
/// recovered scheduler rebuilds its core from that state; builds that were in flight wait for their builders to
/// re-register and claim them, or for their lease to expire.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources are released in PostStop, not by Dispose.")]
internal sealed partial class SchedulerActor : ReceivePersistentActor, IWithTimers
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
    private readonly SchedulerCore _core;
    private readonly CancellationTokenSource _stopping = new();
    private SchedulerState _state = new();

    // Bookkeeping beyond the core: runs, builders and their actors, leases in flight, and what each derivation is.
    private readonly Dictionary<ProtocolRunId, RunBook> _runs = [];
    private readonly List<RunBook> _runOrder = [];
    private readonly Dictionary<NodeName, BuilderEntry> _builders = [];
    private readonly Dictionary<IActorRef, NodeName> _builderByActor = [];
    private readonly Dictionary<IActorRef, List<RunBook>> _followers = [];
    private readonly Dictionary<Shared.Protocol.LeaseId, LeaseEntry> _leases = [];
    private readonly Dictionary<DerivationId, Shared.Protocol.LeaseId> _leaseOf = [];
    private readonly Dictionary<DerivationId, List<RunBook>> _runsOf = [];
    private readonly Dictionary<DerivationId, string> _systems = [];
    private readonly Dictionary<DerivationId, string> _packages = [];
    private readonly Dictionary<DerivationId, IReadOnlyList<string>> _outputs = [];
    private readonly Dictionary<DerivationId, DateTime> _since = [];
    private readonly Dictionary<DerivationId, int> _attempts = [];

    // Failure handling, each a small class with plain-data state: retries, remembered build failures, failed tries.
    private readonly RetryPolicy _retries;
    private readonly FailureCache _failures;
    private readonly AttemptLog _attemptLog = new();

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
        _core = new SchedulerCore(coreOptions);
        _retries = new RetryPolicy(options);
        _failures = new FailureCache(options.FailureCacheTtl);

        Recover<SnapshotOffer>(offer => _state = SchedulerSnapshot.Read(offer.Snapshot));
        Recover<ISchedulerEvent>(recorded => _state.Apply(recorded));
        Recover<RecoveryCompleted>(_ => Rebuild());

        Command<SubmitRun>(OnSubmit);
        Command<AddRunRoots>(OnAddRoots);
        Command<DagLoaded>(OnDagLoaded);
        Command<GetRunStatus>(query => Sender.Tell(StatusOf(query.Run)));
        Command<ListRuns>(OnListRuns);
        Command<SubscribeRun>(OnSubscribe);
        Command<CancelRun>(OnCancel);
        Command<RegisterBuilder>(OnRegister);
        Command<BuilderHeartbeat>(OnHeartbeat);
        Command<ListBuilders>(OnListBuilders);
        Command<BuildStarted>(OnStarted);
        Command<BuildFinished>(OnFinished);
        Command<OutputsChecked>(OnOutputsChecked);
        Command<BuildFailed>(OnFailed);
        Command<Terminated>(OnTerminated);
        Command<Tick>(_ => OnTick());
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(failure => SchedulerLog.SnapshotFailed(_log, failure.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
        ReceiveDashboardQueries();
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
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _options.ScheduleInterval);

    // The loading tasks watch this token: a stopped scheduler (handover) does not keep reading the cache.
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    /// <summary>Seconds on the monotonic clock since this actor started: the core's time.</summary>
    private double Now => _time.GetElapsedTime(_epoch).TotalSeconds;

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    private void OnTick()
    {
        ExpireLeases();
        ScheduleNow();
    }

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }

    /// <summary>A builder's success after its outputs were looked up in the cache: <paramref name="Problem"/> is null when they hold.</summary>
    private sealed record OutputsChecked(BuildFinished Finished, string? Problem) : INoSerializationVerificationNeeded;

    /// <summary>A submission's DAG, read from the cache by a task.</summary>
    private sealed record DagLoaded(ProtocolRunId Run, LoadedDag? Dag, string? Error) : INoSerializationVerificationNeeded;
}

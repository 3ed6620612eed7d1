using Akka.Actor;
using AsterFarm.Coordinator.Farm.Dag;
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
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources are released in PostStop, not by Dispose.")]
internal sealed partial class SchedulerActor : ReceiveActor, IWithTimers
{
    private const string TickTimer = "schedule";

    private readonly FarmOptions _options;
    private readonly Func<IReadOnlyCollection<StorePath>, CancellationToken, Task<LoadedDag>> _loadDag;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly ILogger _log;
    private readonly SchedulerCore _core;
    private readonly CancellationTokenSource _stopping = new();

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
        Func<IReadOnlyCollection<StorePath>, CancellationToken, Task<LoadedDag>> loadDag,
        TimeProvider time,
        ILogger logger)
    {
        _log = logger;
        _options = options;
        _loadDag = loadDag;
        _time = time;
        _epoch = time.GetTimestamp();
        _core = new SchedulerCore(coreOptions);
        _retries = new RetryPolicy(options);
        _failures = new FailureCache(options.FailureCacheTtl);

        Receive<SubmitRun>(OnSubmit);
        Receive<AddRunRoots>(OnAddRoots);
        Receive<DagLoaded>(OnDagLoaded);
        Receive<GetRunStatus>(query => Sender.Tell(StatusOf(query.Run)));
        Receive<ListRuns>(OnListRuns);
        Receive<SubscribeRun>(OnSubscribe);
        Receive<CancelRun>(OnCancel);
        Receive<RegisterBuilder>(OnRegister);
        Receive<BuilderHeartbeat>(OnHeartbeat);
        Receive<ListBuilders>(OnListBuilders);
        Receive<BuildStarted>(OnStarted);
        Receive<BuildFinished>(OnFinished);
        Receive<BuildFailed>(OnFailed);
        Receive<Terminated>(OnTerminated);
        Receive<Tick>(_ => ScheduleNow());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The props with the DAG read through <paramref name="loader"/>.</summary>
    public static Props Props(FarmOptions options, SchedulerOptions coreOptions, DagLoader loader, TimeProvider time, ILogger logger) =>
        Akka.Actor.Props.Create(() => new SchedulerActor(options, coreOptions, loader.LoadAsync, time, logger));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(TickTimer, Tick.Instance, _options.ScheduleInterval);

    // The loading tasks watch this token: a stopped scheduler (handover) does not keep reading the cache.
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>Seconds on the monotonic clock since this actor started: the core's time.</summary>
    private double Now => _time.GetElapsedTime(_epoch).TotalSeconds;

    private DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }

    /// <summary>A submission's DAG, read from the cache by a task.</summary>
    private sealed record DagLoaded(ProtocolRunId Run, LoadedDag? Dag, string? Error) : INoSerializationVerificationNeeded;
}

using Akka.Actor;
using Akka.Event;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>
/// A builder node's member of the cluster: registers with the scheduler singleton through its proxy, heartbeats, and
/// runs dispatched builds as tasks through an <see cref="IBuildExecutor"/>.
/// </summary>
/// <remarks>
/// Registration: <see cref="RegisterBuilder"/> (with the running builds) is sent at start and every
/// <see cref="BuilderNodeActorSettings.RegistrationRetry"/> until <see cref="BuilderRegistered"/> arrives; then a
/// <see cref="BuilderHeartbeat"/> every interval the scheduler asked for. The node registers again when the scheduler
/// actor that acknowledged it terminates (watched: handover, crash, node loss) or when a scheduler answers a heartbeat
/// with <see cref="BuilderUnknown"/> (a new singleton, or one that lost its state). Everything is sent through the
/// proxy, which buffers while no singleton runs and keeps this node's messages in order.
/// </remarks>
public sealed class BuilderNodeActor : ReceiveActor, IWithTimers
{
    private readonly BuilderNodeActorSettings _settings;
    private readonly IActorRef _scheduler;
    private readonly IBuildExecutor _executor;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<LeaseId, CancellationTokenSource> _cancellations = [];
    private BuilderNodeState _state = BuilderNodeState.Initial;
    private IActorRef? _acknowledgedBy;

    public BuilderNodeActor(BuilderNodeActorSettings settings, IActorRef scheduler, IBuildExecutor executor, TimeProvider time)
    {
        _settings = settings;
        _scheduler = scheduler;
        _executor = executor;
        _time = time;

        Receive<BuilderRegistered>(OnRegistered);
        Receive<BuilderUnknown>(unknown => RegisterAgain($"the scheduler does not know this node ({unknown.Reason})"));
        Receive<Terminated>(OnTerminated);
        Receive<RegisterTick>(_ => SendRegistration());
        Receive<HeartbeatTick>(_ => _scheduler.Tell(new BuilderHeartbeat(
            _settings.Node, FreeSlots, _state.Running, (_executor as IRemoteMachineHealthSource)?.RemoteMachineHealth())));
        Receive<DispatchBuild>(OnDispatch);
        Receive<CancelBuild>(OnCancel);
        Receive<BuildEnded>(OnBuildEnded);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private int FreeSlots => _state.FreeSlots(_settings.Capabilities);

    public static Props Props(BuilderNodeActorSettings settings, IActorRef scheduler, IBuildExecutor executor, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(executor);
        return Akka.Actor.Props.Create(() => new BuilderNodeActor(settings, scheduler, executor, time ?? TimeProvider.System));
    }

    protected override void PreStart() => RegisterAgain("the node started");

    protected override void PostStop()
    {
        // The node is leaving: end every build's process tree; the scheduler re-dispatches the expired leases.
        foreach (var cancellation in _cancellations.Values)
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }

        _cancellations.Clear();
    }

    private void RegisterAgain(string why)
    {
        _log.Info("Registering {0} with the scheduler: {1}", _settings.Node, why);
        _state = _state.Unregistered();
        Timers.Cancel(HeartbeatTick.Instance);
        Timers.StartPeriodicTimer(RegisterTick.Instance, RegisterTick.Instance, _settings.RegistrationRetry);
        SendRegistration();
    }

    // The latest results go first: one the previous scheduler never got then counts before the registration would
    // requeue its lease as unclaimed; the scheduler ignores the ones it already has (by lease).
    private void SendRegistration()
    {
        foreach (var result in _state.RecentResults)
        {
            _scheduler.Tell(result);
        }

        _scheduler.Tell(new RegisterBuilder(_settings.Node, _settings.Capabilities, _state.Running));
    }

    private void OnRegistered(BuilderRegistered registered)
    {
        if (registered.Node != _settings.Node)
        {
            _log.Warning("Ignoring a registration of {0}; this node is {1}", registered.Node, _settings.Node);
            return;
        }

        if (!Sender.Equals(_acknowledgedBy))
        {
            if (_acknowledgedBy is not null)
            {
                Context.Unwatch(_acknowledgedBy);
            }

            _acknowledgedBy = Sender;
            Context.Watch(_acknowledgedBy);
        }

        var interval = registered.HeartbeatInterval > TimeSpan.Zero ? registered.HeartbeatInterval : _settings.RegistrationRetry;
        if (!_state.Registered || _state.HeartbeatInterval != interval)
        {
            _log.Info("{0} registered with {1}; heartbeat every {2}", _settings.Node, Sender.Path, interval);
            Timers.Cancel(RegisterTick.Instance);
            Timers.StartPeriodicTimer(HeartbeatTick.Instance, HeartbeatTick.Instance, interval);
        }

        _state = _state.Acknowledged(interval);
    }

    private void OnTerminated(Terminated terminated)
    {
        // Only the acknowledging scheduler is watched; a late notice about an earlier one is ignored.
        if (terminated.ActorRef.Equals(_acknowledgedBy))
        {
            _acknowledgedBy = null;
            RegisterAgain($"the scheduler {terminated.ActorRef.Path} stopped");
        }
    }

    private void OnDispatch(DispatchBuild dispatch)
    {
        var decision = _state.Decide(dispatch, _settings.Capabilities);
        switch (decision.Verdict)
        {
            case DispatchVerdict.AlreadyRunning:
                var active = _state.Builds[dispatch.Lease];
                _scheduler.Tell(new BuildStarted(dispatch.Lease, _settings.Node, active.StartedAtUtc, active.Emulated, dispatch.Trace));
                return;
            case DispatchVerdict.Refuse:
                _log.Warning("Refusing {0} ({1}): {2}", dispatch.DrvPath, dispatch.Lease, decision.Reason);
                _scheduler.Tell(new BuildFailed(
                    dispatch.Lease, dispatch.DrvPath, _settings.Node, FailureClass.Refused, decision.Reason ?? "refused", string.Empty, PhaseTimings.Zero, dispatch.Trace));
                return;
            default:
                Start(dispatch, decision.Emulated);
                return;
        }
    }

    private void Start(DispatchBuild dispatch, bool emulated)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        _state = _state.Start(dispatch, now, emulated);
        var cancellation = new CancellationTokenSource();
        _cancellations[dispatch.Lease] = cancellation;
        _scheduler.Tell(new BuildStarted(dispatch.Lease, _settings.Node, now, emulated, dispatch.Trace));
        _log.Info("Building {0} ({1}, {2}{3})", dispatch.DrvPath, dispatch.Lease, dispatch.System, emulated ? ", emulated" : string.Empty);

        var executor = _executor;
        var token = cancellation.Token;
        // Off the actor's thread: an executor may do synchronous work before its first await.
        Task.Run(() => RunAsync(executor, dispatch, token), CancellationToken.None).PipeTo(Self);
    }

    private static async Task<BuildEnded> RunAsync(IBuildExecutor executor, DispatchBuild dispatch, CancellationToken cancellationToken)
    {
        try
        {
            return new BuildEnded(dispatch.Lease, await executor.ExecuteAsync(dispatch, cancellationToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new BuildEnded(dispatch.Lease, null);
        }
        catch (Exception error)
        {
            // A bug or an unexpected machine fault, not the derivation's doing: another node may succeed.
            var failure = new BuildFailure(FailureClass.Infrastructure, $"builder node error: {error.GetType().Name}: {error.Message}");
            return new BuildEnded(dispatch.Lease, BuildOutcome.Failed(failure, PhaseTimings.Zero));
        }
    }

    private void OnCancel(CancelBuild cancel)
    {
        if (!_cancellations.TryGetValue(cancel.Lease, out var cancellation) || !_state.Builds.ContainsKey(cancel.Lease))
        {
            return;
        }

        _log.Info("Cancelling {0}: {1}", cancel.Lease, cancel.Reason);
        _state = _state.Cancel(cancel.Lease);
        cancellation.Cancel();
    }

    private void OnBuildEnded(BuildEnded ended)
    {
        var report = _state.Builds.GetValueOrDefault(ended.Lease);
        _state = _state.Finish(ended.Lease);
        if (_cancellations.Remove(ended.Lease, out var cancellation))
        {
            cancellation.Dispose();
        }

        if (report is null || ended.Outcome is null)
        {
            _log.Info("Build {0} stopped after its cancellation", ended.Lease);
            return;
        }

        var dispatch = report.Dispatch;
        var outcome = ended.Outcome;
        if (outcome.Failure is { } failure)
        {
            _log.Info("Build {0} failed ({1}): {2}", dispatch.DrvPath, failure.Class, failure.Reason);
            Report(new BuildFailed(
                dispatch.Lease, dispatch.DrvPath, _settings.Node, failure.Class, failure.Reason, LogTail.Of(failure.LogTail), outcome.Timings, dispatch.Trace));
        }
        else
        {
            var t = outcome.Timings;
            _log.Info("Built {0} in {1}", dispatch.DrvPath, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{t.Total.TotalMilliseconds:F1} ms (fetch {t.Fetch.TotalMilliseconds:F1}, setup {t.Setup.TotalMilliseconds:F1}, build {t.Build.TotalMilliseconds:F1}, scan {t.Scan.TotalMilliseconds:F1}, upload {t.Upload.TotalMilliseconds:F1})"));
            Report(new BuildFinished(dispatch.Lease, dispatch.DrvPath, _settings.Node, ValueList.From(outcome.Outputs), outcome.Timings, dispatch.Trace));
        }
    }

    private void Report(IAsterFarmMessage result)
    {
        _state = _state.Reported(result, _settings.ResultsKept);
        _scheduler.Tell(result);
    }

    private sealed record RegisterTick : INoSerializationVerificationNeeded
    {
        public static readonly RegisterTick Instance = new();
    }

    private sealed record HeartbeatTick : INoSerializationVerificationNeeded
    {
        public static readonly HeartbeatTick Instance = new();
    }

    /// <summary>A build's task ended; <paramref name="Outcome"/> is null when it was cancelled.</summary>
    private sealed record BuildEnded(LeaseId Lease, BuildOutcome? Outcome) : INoSerializationVerificationNeeded;
}

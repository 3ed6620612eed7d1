using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>
/// The scheduler's decisions, without actors: runs and their completion, leases, attempts, retries and remembered
/// failures, over <see cref="SchedulerCore"/> (the DAG, priorities and placement). The actor feeds it commands
/// (<see cref="Decide"/>: what to journal) and journaled events (<see cref="Apply"/>: what follows), and performs the
/// effects each step returns; it keeps no scheduling state of its own.
/// </summary>
/// <remarks>
/// The durable part is <see cref="SchedulerState"/>, changed only by journaled events, so replaying the journal
/// (<see cref="Replay"/>) and then <see cref="Recovered"/> gives back the ledger a previous scheduler had. What is not
/// journaled is volatile on purpose: registered builders and what they report (they register again with a new
/// scheduler), the core's placement (rebuilt from the durable state), the dashboard's records of dispatches, and runs
/// whose DAG is still being validated (a submission refused at validation leaves nothing in the journal).
/// </remarks>
internal sealed partial class SchedulerLedger
{
    private readonly FarmOptions _options;
    private readonly RetryPolicy _retries;
    private readonly SchedulerCore _core;
    private readonly ILogger _log;
    private SchedulerState _state = new();
    private LedgerStep _step = new();
    private LedgerTime _now;

    public SchedulerLedger(FarmOptions options, SchedulerOptions coreOptions, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _retries = new RetryPolicy(options);
        _core = new SchedulerCore(coreOptions);
        _log = logger;
    }

    /// <summary>The durable state: what the journal and snapshots hold.</summary>
    public SchedulerState State => _state;

    /// <summary>The pure scheduling core the ledger plans with (read-only use: queries).</summary>
    public SchedulerCore Core => _core;

    /// <summary>Recovered leases whose builder has not claimed them yet.</summary>
    public int DetachedLeases => _detached.Count;

    /// <summary>Recovering: the state in a snapshot offered before the journal's events.</summary>
    public void Restore(SchedulerState snapshot) => _state = snapshot ?? throw new ArgumentNullException(nameof(snapshot));

    /// <summary>Recovering: one journaled event, folded into the durable state only (the core is rebuilt once, at the end).</summary>
    public void Replay(ISchedulerEvent change) => _state.Apply(change);

    /// <summary>Decides what <paramref name="command"/> leads to: events to journal (applied by <see cref="Apply"/> once written) and effects.</summary>
    public LedgerStep Decide(ILedgerCommand command, LedgerTime now)
    {
        Begin(now);
        switch (command)
        {
            case LedgerCommand.Submit submit:
                OnSubmit(submit.Submission);
                break;
            case LedgerCommand.AddRoots add:
                OnAddRoots(add.Added);
                break;
            case LedgerCommand.DagLoaded loaded:
                OnDagLoaded(loaded);
                break;
            case LedgerCommand.Cancel cancel:
                OnCancel(cancel.Cancelled);
                break;
            case LedgerCommand.Register register:
                OnRegister(register);
                break;
            case LedgerCommand.Heartbeat heartbeat:
                OnHeartbeat(heartbeat);
                break;
            case LedgerCommand.BuilderLeft left:
                OnBuilderLeft(left.Incarnation);
                break;
            case LedgerCommand.Started started:
                OnStarted(started.Build);
                break;
            case LedgerCommand.Finished finished:
                OnFinished(finished.Build);
                break;
            case LedgerCommand.OutputsChecked checkedResult:
                OnOutputsChecked(checkedResult);
                break;
            case LedgerCommand.Failed failed:
                OnFailed(failed.Build);
                break;
            case LedgerCommand.Tick:
                ExpireLeases();
                _step.WantSchedule();
                break;
            case LedgerCommand.Schedule:
                ScheduleRound();
                break;
            default:
                throw new ArgumentException($"unknown ledger command {command?.GetType().Name}", nameof(command));
        }

        return _step;
    }

    /// <summary>Folds a journaled event into the durable state and the live view; returns what follows from it.</summary>
    public LedgerStep Apply(ISchedulerEvent change, LedgerTime now)
    {
        ArgumentNullException.ThrowIfNull(change);
        Begin(now);
        switch (change)
        {
            case RunSubmitted:
                _state.Apply(change);
                break;
            case RunRootsAdded added:
                _state.Apply(change);
                RootsAdded(added);
                break;
            case RunDagAccepted accepted:
                _state.Apply(change);
                DagAccepted(accepted);
                break;
            case RunDagRejected rejected:
                _state.Apply(change);
                DagRejected(rejected);
                break;
            case RunCancelled cancelled:
                _state.Apply(change);
                RunCancelled(cancelled);
                break;
            case BuildDispatched dispatched:
                _state.Apply(change);
                Dispatched(dispatched);
                break;
            case BuildSucceeded succeeded:
                // Judged on the state before the event: it ends every lease of the derivation.
                var verdict = _state.Judge(succeeded.Lease, succeeded.Derivation);
                _state.Apply(change);
                Succeeded(succeeded, verdict);
                break;
            case BuildTryFailed failed:
                _state.Apply(change);
                TryFailed(failed);
                break;
            default:
                _state.Apply(change);
                break;
        }

        return _step;
    }

    private void Begin(LedgerTime now)
    {
        _now = now;
        _step = new LedgerStep();
    }

    private DateTime UtcNow => _now.UtcDateTime;

    private double Now => _now.Seconds;
}

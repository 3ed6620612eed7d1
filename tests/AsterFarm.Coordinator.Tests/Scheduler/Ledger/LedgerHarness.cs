using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Coordinator.Scheduler.Ledger;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Scheduling;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsterFarm.Coordinator.Tests.Scheduler.Ledger;

/// <summary>
/// Drives a <see cref="SchedulerLedger"/> the way the scheduler actor does, without actors, waits or a cache: each
/// command is decided, its events "journaled" (kept in <see cref="Journal"/>) and applied at once, output checks and
/// DAG loads answered at once, and a scheduling round run whenever one is wanted. What the ledger sends is collected
/// per builder, so a test asserts what was sent and, as plainly, what was not.
/// </summary>
internal sealed class LedgerHarness
{
    private readonly Dictionary<string, Queue<IAsterFarmMessage>> _sent = new(StringComparer.Ordinal);
    private readonly List<LedgerCommand.OutputsChecked> _checks = [];
    private readonly Dictionary<string, int> _incarnations = new(StringComparer.Ordinal);
    private double _seconds;
    private double _epoch;
    private bool _scheduleWanted;

    public LedgerHarness(FarmOptions? options = null)
    {
        Options = options ?? new FarmOptions();
        Ledger = new SchedulerLedger(Options, new SchedulerOptions(), NullLogger.Instance);
        Ledger.Recovered(Now);
    }

    public FarmOptions Options { get; }

    public SchedulerLedger Ledger { get; private set; }

    /// <summary>Every journaled event, in order: what a restarted scheduler replays.</summary>
    public List<ISchedulerEvent> Journal { get; } = [];

    /// <summary>Every event the runs' followers were told, and every final status.</summary>
    public List<RunBuildEvent> RunEvents { get; } = [];

    public List<RunStatus> Ended { get; } = [];

    /// <summary>Answers to submissions, and replies to the senders of commands.</summary>
    public List<IAsterFarmMessage> Answers { get; } = [];

    public List<IAsterFarmMessage> Replies { get; } = [];

    /// <summary>A problem the output check reports for each result, when set (null: the outputs hold).</summary>
    public Func<BuildFinished, string?> CheckOutputs { get; set; } = _ => null;

    public DateTimeOffset Utc { get; private set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public LedgerTime Now => new(_seconds - _epoch, Utc);

    public void Advance(TimeSpan by)
    {
        _seconds += by.TotalSeconds;
        Utc += by;
    }

    /// <summary>A scheduler takes over on the journal: a fresh ledger replays it and recovers.</summary>
    public void Restart()
    {
        Ledger = new SchedulerLedger(Options, new SchedulerOptions(), NullLogger.Instance);
        foreach (var change in Journal)
        {
            Ledger.Replay(change);
        }

        _epoch = _seconds;
        Perform(Ledger.Recovered(Now));
        Settle();
    }

    /// <summary>A fresh ledger that recovers from <paramref name="journal"/>.</summary>
    public static LedgerHarness Recover(IEnumerable<ISchedulerEvent> journal, FarmOptions? options = null)
    {
        var harness = new LedgerHarness(options);
        harness.Journal.AddRange(journal);
        harness.Restart();
        return harness;
    }

    public void Do(ILedgerCommand command)
    {
        Perform(Ledger.Decide(command, Now));
        Settle();
    }

    /// <summary>Messages sent to <paramref name="builder"/> since last taken, oldest first.</summary>
    public List<IAsterFarmMessage> Take(string builder)
    {
        var queue = _sent.GetValueOrDefault(builder);
        var taken = queue is null ? [] : queue.ToList();
        queue?.Clear();
        return taken;
    }

    public List<DispatchBuild> Dispatches(string builder) => [.. Take(builder).OfType<DispatchBuild>()];

    public DispatchBuild Dispatch(string builder) => Assert.Single(Dispatches(builder));

    public RunStatus StatusOf(RunId run) => Ledger.StatusOf(run);

    public void Register(string name, int slots = 1, string[]? native = null, params RunningBuild[] running) =>
        Register(name, Incarnation(name), slots, native, running);

    /// <summary>The builder <paramref name="name"/> registers from a new process (another incarnation).</summary>
    public void RegisterRestarted(string name, int slots = 1)
    {
        _incarnations[name] = _incarnations.GetValueOrDefault(name) + 1;
        Register(name, Incarnation(name), slots, null, []);
    }

    public void Heartbeat(string name, params RunningBuild[] running) =>
        Do(new LedgerCommand.Heartbeat(new BuilderHeartbeat(new NodeName(name), 0, ValueList.From(running)), Incarnation(name)));

    public void Leave(string name) => Do(new LedgerCommand.BuilderLeft(Incarnation(name)));

    /// <summary>
    /// Moves the clock past the lease timeout while <paramref name="alive"/> keeps heartbeating, naming
    /// <paramref name="running"/> (the periodic timer ticks after each move).
    /// </summary>
    public void ExpireSilentBuilder(string alive, params RunningBuild[] running)
    {
        var half = Options.LeaseTimeout / 2 + TimeSpan.FromSeconds(1);
        for (var i = 0; i < 2; i++)
        {
            Advance(half);
            Heartbeat(alive, running);
            Do(LedgerCommand.Tick.Instance);
        }
    }

    public RunId Submit(params DerivationSpec[] dag) => Submit(RunOptions.Default, dag);

    /// <summary>Submits the closure <paramref name="dag"/> (its last entry the root) and hands the ledger the DAG as loaded.</summary>
    public RunId Submit(RunOptions options, params DerivationSpec[] dag) => Submit(options, [dag[^1]], dag);

    public RunId Submit(RunOptions options, IReadOnlyList<DerivationSpec> roots, IReadOnlyList<DerivationSpec> dag, IReadOnlyList<string>? problems = null)
    {
        var run = RunId.New();
        Do(new LedgerCommand.Submit(new SubmitRun(run, ValueList.From(roots.Select(root => StorePath.Parse(root.Id.Value))), 0, options, 1, null)));
        var outputs = dag.ToDictionary(spec => spec.Id, _ => (IReadOnlyList<string>)["out"]);
        Do(new LedgerCommand.DagLoaded(run, new LoadedDag(dag, outputs, problems ?? []), null));
        return run;
    }

    public void Cancel(RunId run, string reason) => Do(new LedgerCommand.Cancel(new CancelRun(run, reason)));

    public void Finish(DispatchBuild dispatch, string node) =>
        Do(new LedgerCommand.Finished(new BuildFinished(
            dispatch.Lease, dispatch.DrvPath, new NodeName(node), [], PhaseTimings.Zero with { Build = TimeSpan.FromSeconds(3) }, null)));

    public void Fail(DispatchBuild dispatch, string node, FailureClass failureClass, string reason) =>
        Do(new LedgerCommand.Failed(new BuildFailed(dispatch.Lease, dispatch.DrvPath, new NodeName(node), failureClass, reason, string.Empty, PhaseTimings.Zero, null)));

    public static RunningBuild Running(DispatchBuild dispatch) => new(dispatch.Lease, dispatch.DrvPath, DateTime.UnixEpoch);

    /// <summary>A derivation of the test DAGs: a <c>.drv</c> store path named <paramref name="name"/>.</summary>
    public static DerivationSpec Drv(string name, params DerivationSpec[] inputs) => Drv(name, "x86_64-linux", inputs);

    public static DerivationSpec Drv(string name, string system, params DerivationSpec[] inputs) =>
        new(new AsterFarm.Scheduling.Identifiers.DerivationId($"{new string('a', 32)}-{name}.drv"), system, name, [.. inputs.Select(input => input.Id)], []);

    public static StorePath PathOf(DerivationSpec spec) => StorePath.Parse(spec.Id.Value);

    private void Register(string name, string incarnation, int slots, string[]? native, RunningBuild[] running)
    {
        var capabilities = new BuilderCapabilities(
            ValueList.From(native ?? ["x86_64-linux"]), [], [], slots, 1, "test", "http://127.0.0.1:1/", 1.0);
        Do(new LedgerCommand.Register(new RegisterBuilder(new NodeName(name), capabilities, ValueList.From(running)), incarnation, "akka://test"));
    }

    private string Incarnation(string name) => $"{name}#{_incarnations.GetValueOrDefault(name)}";

    private void Perform(LedgerStep step)
    {
        foreach (var effect in step.Effects)
        {
            switch (effect)
            {
                case LedgerEffect.SendToBuilder send:
                    (_sent.TryGetValue(send.Node, out var queue) ? queue : _sent[send.Node] = new()).Enqueue(send.Message);
                    break;
                case LedgerEffect.Reply reply:
                    Replies.Add(reply.Message);
                    break;
                case LedgerEffect.RunAnswered answered:
                    Answers.Add(answered.Outcome);
                    break;
                case LedgerEffect.RunChanged changed:
                    RunEvents.Add(changed.Event);
                    break;
                case LedgerEffect.RunEnded ended:
                    Ended.Add(ended.Final);
                    break;
                case LedgerEffect.CheckOutputs check:
                    _checks.Add(new LedgerCommand.OutputsChecked(check.Build, CheckOutputs(check.Build)));
                    break;
            }
        }

        foreach (var change in step.Journal)
        {
            Journal.Add(change);
            Perform(Ledger.Apply(change, Now));
        }

        _scheduleWanted |= step.ScheduleWanted;
    }

    /// <summary>What the actor does after a command: answers the output checks it started, then schedules while asked to.</summary>
    private void Settle()
    {
        while (_checks.Count > 0 || _scheduleWanted)
        {
            if (_checks.Count > 0)
            {
                var check = _checks[0];
                _checks.RemoveAt(0);
                Perform(Ledger.Decide(check, Now));
                continue;
            }

            _scheduleWanted = false;
            Perform(Ledger.Decide(LedgerCommand.Schedule.Instance, Now));
        }
    }
}

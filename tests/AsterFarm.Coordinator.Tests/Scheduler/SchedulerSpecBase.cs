using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Tests.Hosting;
using AsterFarm.Scheduling;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>
/// A scheduler actor over a real <see cref="FileBinaryCacheStore"/> in a temp directory, in an actor system with the
/// AsterFarm serializer and <c>serialize-messages = on</c>, so every wire message crosses as it would between nodes.
/// Builders are test probes.
/// </summary>
public abstract class SchedulerSpecBase : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly Config Serialization = MessageSerializationHocon.For(serializeMessages: true).WithFallback(PersistenceHocon.For(new PersistenceOptions()));

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "asterfarm-scheduler-" + Guid.NewGuid().ToString("N"));
    private readonly FileBinaryCacheStore _store;

    protected SchedulerSpecBase()
        : this(new FarmOptions { ScheduleInterval = TimeSpan.FromMilliseconds(200) })
    {
    }

    protected SchedulerSpecBase(FarmOptions options)
        : base(Serialization)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(Path.Combine(_directory, "scratch"));
        _store = FileBinaryCacheStore.Open(new FileBinaryCacheStoreOptions { Directory = Path.Combine(_directory, "cache") });
        Drvs = new TestDerivations(_store, Path.Combine(_directory, "scratch"));
        Options = options;
        Scheduler = StartScheduler();
    }

    protected FarmOptions Options { get; }

    protected PersistenceOptions Persistence { get; } = new() { SnapshotEvery = 1000 };

    protected ManualClock Clock { get; } = new();

    protected IActorRef Scheduler { get; private set; }

    /// <summary>Stops the scheduler actor and starts a new one on the same journal, as a singleton handover does.</summary>
    protected void RestartScheduler()
    {
        Watch(Scheduler);
        Sys.Stop(Scheduler);
        ExpectTerminated(Scheduler, Wait);
        Scheduler = StartScheduler();
    }

    private IActorRef StartScheduler() =>
        Sys.ActorOf(SchedulerActor.Props(Options, new SchedulerOptions(), Persistence, new DagLoader(_store, StoreDir.Default), new BuiltOutputsCheck(_store, StoreDir.Default), Clock, NullLogger.Instance));

    protected TestDerivations Drvs { get; }

    /// <summary>The scheduler's DAG loader over the test cache.</summary>
    private protected DagLoader Loader => new(_store, StoreDir.Default);

    /// <summary>A builder probe registered with <paramref name="native"/> systems (and optionally emulated ones).</summary>
    protected TestProbe RegisterBuilder(string name, string[] native, int slots = 1, EmulatedSystem[]? emulated = null, string[]? features = null)
    {
        var probe = CreateTestProbe(name);
        var capabilities = new BuilderCapabilities(
            ValueList.From(native), ValueList.From(emulated ?? []), ValueList.From(features ?? []), slots, 1, "test", "http://127.0.0.1:1/", 1.0);
        Scheduler.Tell(new RegisterBuilder(new NodeName(name), capabilities, []), probe.Ref);
        probe.ExpectMsg<BuilderRegistered>(Wait);
        return probe;
    }

    protected RunId Submit(params StorePath[] roots) => Submit(RunOptions.Default, roots);

    protected RunId Submit(RunOptions options, params StorePath[] roots)
    {
        var run = RunId.New();
        Scheduler.Tell(new SubmitRun(run, ValueList.From(roots), 0, options, 1, null), TestActor);
        return run;
    }

    protected RunId SubmitAccepted(params StorePath[] roots) => SubmitAccepted(RunOptions.Default, roots);

    protected RunId SubmitAccepted(RunOptions options, params StorePath[] roots)
    {
        var run = Submit(options, roots);
        var reply = ExpectMsg<IAsterFarmMessage>(Wait);
        Assert.True(reply is RunAccepted, $"expected RunAccepted, got {reply}");
        return run;
    }

    protected RunStatus StatusOf(RunId run)
    {
        Scheduler.Tell(new GetRunStatus(run), TestActor);
        return ExpectMsg<RunStatus>(Wait);
    }

    /// <summary>Asks for the status until it satisfies <paramref name="condition"/> (the run moves on its own as events are handled).</summary>
    protected RunStatus AwaitStatus(RunId run, Func<RunStatus, bool> condition, string expected)
    {
        RunStatus? last = null;
        AwaitCondition(() => condition(last = StatusOf(run)), Wait, TimeSpan.FromMilliseconds(50), $"expected {expected}, last status {Describe(last)}");
        return last!;
    }

    protected static string Describe(RunStatus? status) =>
        status is null ? "none" : $"{status.State}: " + string.Join("; ", status.Builds.Select(b => $"{b.DrvPath.Name} {b.State} {b.Node} {b.Reason}"));

    /// <summary>The build of <paramref name="dispatch"/> succeeded: its outputs are put into the cache and reported, as a builder does.</summary>
    protected void Finish(TestProbe builder, DispatchBuild dispatch, string node) =>
        Finish(builder, dispatch, node, Drvs.PutOutputsAsync(dispatch.DrvPath).GetAwaiter().GetResult());

    /// <summary>The builder reports <paramref name="outputs"/> for <paramref name="dispatch"/>, whatever the cache holds.</summary>
    protected void Finish(TestProbe builder, DispatchBuild dispatch, string node, BuiltOutput[] outputs) =>
        Scheduler.Tell(new BuildFinished(dispatch.Lease, dispatch.DrvPath, new NodeName(node), ValueList.From(outputs), PhaseTimings.Zero with { Build = TimeSpan.FromSeconds(3) }, null), builder.Ref);

    protected void Fail(TestProbe builder, DispatchBuild dispatch, string node, FailureClass failureClass, string reason) =>
        Scheduler.Tell(new BuildFailed(dispatch.Lease, dispatch.DrvPath, new NodeName(node), failureClass, reason, string.Empty, PhaseTimings.Zero, null), builder.Ref);

    /// <summary>The builder <paramref name="name"/> (one x86_64 slot unless told) registers again, reporting <paramref name="running"/>.</summary>
    protected void Reregister(TestProbe builder, string name, params RunningBuild[] running) => Reregister(builder, name, 1, running);

    protected void Reregister(TestProbe builder, string name, int slots, params RunningBuild[] running)
    {
        var capabilities = new BuilderCapabilities(["x86_64-linux"], [], [], slots, 1, "test", "http://127.0.0.1:1/", 1.0);
        Scheduler.Tell(new RegisterBuilder(new NodeName(name), capabilities, ValueList.From(running)), builder.Ref);
        builder.ExpectMsg<BuilderRegistered>(Wait);
    }

    protected void Heartbeat(TestProbe builder, string name, params RunningBuild[] running) =>
        Scheduler.Tell(new BuilderHeartbeat(new NodeName(name), 0, ValueList.From(running)), builder.Ref);

    /// <summary>
    /// Moves the clock past the lease timeout while <paramref name="alive"/> keeps heartbeating, naming
    /// <paramref name="running"/>: silent builders, unclaimed leases and leases no heartbeat names expire.
    /// </summary>
    protected void ExpireSilentBuilder(TestProbe alive, string name, params RunningBuild[] running)
    {
        var half = Options.LeaseTimeout / 2 + TimeSpan.FromSeconds(1);
        Clock.Advance(half);
        Heartbeat(alive, name, running);
        Clock.Advance(half);
        Heartbeat(alive, name, running);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _store.Dispose();
            Directory.Delete(_directory, recursive: true);
        }
    }
}

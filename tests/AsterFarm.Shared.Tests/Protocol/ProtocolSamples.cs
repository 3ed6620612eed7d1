using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Cache;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>
/// Fixed samples of every wire type. <see cref="Full"/> sets every field (it is also what the frozen
/// bytes of the current version must read as); <see cref="Sparse"/> exercises nulls, empty lists and extremes.
/// </summary>
internal static class ProtocolSamples
{
    private static readonly StorePath Drv = StorePath.Parse("0c7c58ai8yly6ggqb0awdqxdbn0afrna-hello-2.12.1.drv");
    private static readonly StorePath Out = StorePath.Parse("1dgs4xdj5wnlz6hv6zd7bs8sgxd6ww9x-hello-2.12.1");
    private static readonly StorePath Dev = StorePath.Parse("2an3k9cnx7y4kmjkd1a4yxyfqr6zwbx1-hello-2.12.1-dev");
    private static readonly NixHash NarHash = NixHash.Sha256("nar of hello");
    private static readonly LeaseId Lease = new(Guid.Parse("0b9a4c57-2b61-4f2c-9d0e-6f1c2a3b4d5e"));
    private static readonly RunId Run = new(Guid.Parse("7f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8"));
    private static readonly NodeName Builder = new("builder-x86-0");
    private static readonly DateTime At = new(2025, 6, 1, 12, 30, 45, 123, DateTimeKind.Utc);
    private static readonly TraceContext Trace = new("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "asterfarm=1");
    private static readonly PhaseTimings Timings = new(
        TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(42), TimeSpan.FromMilliseconds(80), TimeSpan.FromMilliseconds(250));

    private static readonly BuilderCapabilities Capabilities = new(
        NativeSystems: ["x86_64-linux", "i686-linux"],
        EmulatedSystems: [new EmulatedSystem("riscv64-linux", 5.2), new EmulatedSystem("aarch64-linux", 4.5)],
        Features: ["big-parallel", "kvm", "nixos-test"],
        Slots: 4,
        CoresPerSlot: 8,
        MachineClass: "epyc-9454",
        CacheUrl: "http://coordinator-0.coordinator:8080",
        Speed: 1.25);

    private static readonly RunningBuild Running = new(Lease, Drv, At);
    private static readonly BuildProgress Progress = new(Drv, "riscv64-linux", BuildState.Running, Builder, At, null);
    private static readonly BuildAttempt Attempt = new(Drv, 1, Builder, FailureClass.Infrastructure, "the emulator qemu-riscv64 died with signal 11", At);

    public static IReadOnlyList<IAsterFarmMessage> Full { get; } =
    [
        new RegisterBuilder(Builder, Capabilities, [Running]),
        new BuilderRegistered(Builder, TimeSpan.FromSeconds(5)),
        new BuilderHeartbeat(Builder, 3, [Running]),
        new BuilderUnknown(Builder, "scheduler started at 12:00:03 on coordinator-1"),
        new ListBuilders(ListBuilders.MaxBuilders),
        new BuilderList([new BuilderStatus(Builder, "akka.tcp://asterfarm@builder-x86-0.builder:4053", Capabilities, 3, [Running], At)], Truncated: true),
        new DispatchBuild(Lease, 2, Drv, "riscv64-linux", ["out", "dev"], new BuildDeadlines(TimeSpan.FromHours(10), TimeSpan.FromHours(1)), Trace),
        new BuildStarted(Lease, Builder, At, Emulated: true, Trace),
        new BuildFinished(Lease, Drv, Builder, [new BuiltOutput("out", Out, NarHash, 123456), new BuiltOutput("dev", Dev, NixHash.Sha256("dev"), 789)], Timings, Trace),
        new BuildFailed(Lease, Drv, Builder, FailureClass.Build, "builder exited with code 2", "make: *** [all] Error 2\n", Timings, Trace),
        new CancelBuild(Lease, "run cancelled by alice"),
        new SubmitRun(Run, [Drv], 10, new RunOptions(RebuildFailed: true, KeepGoing: false), 2, Trace),
        new AddRunRoots(Run, 2, [Drv]),
        new RunAccepted(Run, 1234, 1000),
        new RunRejected(Run, "the derivation graph has a cycle", ["a.drv -> b.drv -> a.drv"]),
        new GetRunStatus(Run),
        new RunStatus(Run, RunState.Running, [new SystemProgress("x86_64-linux", 10, 2, 4, 100, 1)], [Progress, Progress with { State = BuildState.Waiting, Node = null, Reason = "no builder offers riscv64-linux with feature kvm" }], BuildsTruncated: true, [Attempt, Attempt with { Attempt = 2, Class = FailureClass.Build, Reason = "builder exited with code 2" }]),
        new RunBuildEvent(Run, 42, Progress),
        new CancelRun(Run, "superseded"),
        new SubscribeRun(Run),
        new ListRuns(ListRuns.MaxRuns),
        new RunList([new RunStatus(Run, RunState.Succeeded, [new SystemProgress("riscv64-linux", 0, 0, 0, 7, 0)], [], BuildsTruncated: false, [Attempt])]),
        new CacheReplicaAnnounced(new NodeName("coordinator-1"), "http://coordinator-1.coordinator:8080", 98765),
        new GetRunPage(Run, [BuildState.Failed, BuildState.DependencyFailed], "hello", 50, GetRunPage.MaxLimit),
        new RunPage(Run, Known: true, 1234, 50, [new RunPageEntry(Drv, "riscv64-linux", BuildState.Failed, Builder, At, "builder exited with code 2", At, At.AddSeconds(42), Emulated: true, "make: *** [all] Error 2\n")], new RunSummary(Run, RunState.Running, At, null, 10, 3, Drv.BaseName, 1234, [new SystemProgress("riscv64-linux", 1, 2, 3, 4, 5)])),
        new GetRunTimeline(Run, GetRunTimeline.MaxBars),
        new RunTimeline(Run, 2, At.AddMinutes(5), [new TimelineBar(Drv.BaseName, Builder, At, At.AddSeconds(42), Emulated: true, Critical: true, BuildState.Built), new TimelineBar(Drv.BaseName, Builder, At, null, Emulated: false, Critical: false, BuildState.Running)]),
        new GetQueueReport(GetQueueReport.MaxPerSystem),
        new QueueReport([new QueueSystem("riscv64-linux", 10, 3, 2, 4, At, [new QueueReason("no builder offers riscv64-linux with feature kvm", 2)], [new QueuedBuild(Drv, 1234.5, 10, At)])]),
        new GetDerivation(Drv),
        new DerivationReport(Drv, Known: true, "riscv64-linux", BuildState.Failed, Builder, At, "builder exited with code 2", At, At.AddSeconds(42), Emulated: true, Timings, ["out", "dev"], [Run], [Attempt], "make: *** [all] Error 2\n"),
        new GetBuildLog(Drv, 4096),
        new BuildLogChunk(Drv, 4096, [0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x0a], Running: true),
        new ListRunSummaries(ListRunSummaries.MaxRuns),
        new RunSummaryList([new RunSummary(Run, RunState.Failed, At, At.AddMinutes(3), 10, 3, Drv.BaseName, 1234, [new SystemProgress("riscv64-linux", 0, 0, 0, 7, 1)])]),
    ];

    public static IReadOnlyList<IAsterFarmMessage> Sparse { get; } =
    [
        new RegisterBuilder(Builder, Capabilities with { NativeSystems = [], EmulatedSystems = [], Features = [], CacheUrl = string.Empty }, []),
        new BuilderHeartbeat(new NodeName(string.Empty), 0, []),
        new DispatchBuild(Lease, 1, Drv, "x86_64-linux", [], new BuildDeadlines(TimeSpan.Zero, TimeSpan.Zero), null),
        new BuildStarted(new LeaseId(Guid.Empty), Builder, DateTime.UnixEpoch, Emulated: false, null),
        new BuildFinished(Lease, Drv, Builder, [], PhaseTimings.Zero, null),
        new BuildFailed(Lease, Drv, Builder, FailureClass.Infrastructure, "QEMU killed by SIGSEGV", LogTail.Of(new string('x', 100_000)), PhaseTimings.Zero, null),
        new SubmitRun(Run, [], int.MinValue, RunOptions.Default, 1, null),
        new RunStatus(Run, RunState.Unknown, [], [], BuildsTruncated: false),
        new RunStatus(Run, RunState.Failed, [], [], BuildsTruncated: false, []),
        new BuildFailed(Lease, Drv, Builder, FailureClass.Refused, "this node does not build riscv64-linux", string.Empty, PhaseTimings.Zero, null),
        new RunList([]),
        new BuilderList([new BuilderStatus(new NodeName(string.Empty), string.Empty, Capabilities with { NativeSystems = [], EmulatedSystems = [], Features = [] }, 0, [], DateTime.UnixEpoch)], Truncated: false),
        new BuilderList([], Truncated: false),
        new RunBuildEvent(Run, long.MaxValue, Progress with { Node = null, Reason = "dependency failed: a.drv", State = BuildState.DependencyFailed }),
        new GetRunPage(Run, [], null, 0, 0),
        new RunPage(Run, Known: false, 0, 0, []),
        new RunPage(Run, Known: true, 1, 0, [new RunPageEntry(Drv, "x86_64-linux", BuildState.Planned, null, DateTime.UnixEpoch, null, null, null, Emulated: false, null)]),
        new RunTimeline(Run, 0, DateTime.UnixEpoch, []),
        new QueueReport([]),
        new QueueReport([new QueueSystem("x86_64-linux", 0, 0, 0, 0, null, [], [])]),
        new DerivationReport(Drv, Known: false, string.Empty, BuildState.Planned, null, DateTime.UnixEpoch, null, null, null, Emulated: false, null, [], [], [], null),
        new BuildLogChunk(Drv, 0, [], Running: false),
        new RunSummaryList([new RunSummary(Run, RunState.Planning, At, null, 0, 0, string.Empty, 0, [])]),
    ];
}

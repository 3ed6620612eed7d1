using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Coordinator.Tests.Scheduler.Persistence;

/// <summary>One sample of every persisted type with every field set: what the frozen bytes of the current version hold.</summary>
internal static class PersistedSamples
{
    public const string Drv = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-app-2.1.drv";
    public const string Dependency = "/nix/store/abcdfghijklmnpqrsvwxyz0123456789-libfoo-1.0.drv";

    public static readonly RunId Run = new(Guid.Parse("6f0c7a52-24f1-4c5e-9d7e-52b1cfd5e3a1"));
    public static readonly LeaseId Lease = new(Guid.Parse("0b9e1b5d-8a1c-4d0f-bb6e-1f4f7a3c2d10"));
    public static readonly DateTime At = new(2026, 11, 23, 18, 0, 0, DateTimeKind.Utc);

    public static IEnumerable<IPersistedSchedulerState> Full()
    {
        var submitted = new RunSubmitted(Run, [Drv], 5, true, false, 2, new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "k=v"), At);
        var dag = new RunDagAccepted(Run,
        [
            new PersistedDerivation(Dependency, "x86_64-linux", "libfoo", [], ["/nix/store/zyxwvsrqpnmlkjihgfdcba9876543210-old.drv"], ["big-parallel"], 1024, true, ["out", "dev"]),
            new PersistedDerivation(Drv, "riscv64-linux", "app", [0], [], [], 0, false, ["out"]),
        ]);
        var duration = new DurationSample("app", "riscv64-linux", "fast", 0.25, 42.5);
        var events = new ISchedulerEvent[]
        {
            submitted,
            new RunRootsAdded(Run, [Dependency]),
            dag,
            new RunDagRejected(Run, "the DAG is incomplete in the cache", ["missing derivation " + Dependency]),
            new RunCancelled(Run, "operator", At),
            new BuildDispatched(Lease, Drv, "qemu-1", 2, At),
            new BuildSucceeded(Lease, Drv, "qemu-1", At, duration),
            new BuildTryFailed(Lease, Drv, "qemu-1", 2, FailureClass.Build, "builder exited with code 2", "builder exited with code 2", true, true, false, At),
        };
        var state = new SchedulerState();
        foreach (var change in events.Take(6))
        {
            state.Apply(change);
        }

        state.Apply(new BuildTryFailed(Lease, Drv, "qemu-1", 2, FailureClass.Infrastructure, "lease expired", "retrying in 5 s after: lease expired", false, false, true, At));
        state.Apply(new BuildDispatched(new LeaseId(Guid.Parse("5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a")), Dependency, "x86-1", 1, At));
        state.Apply(new BuildSucceeded(Lease, Dependency, "x86-1", At, duration));
        return [.. events, state, SchedulerSnapshot.Of(state)];
    }
}

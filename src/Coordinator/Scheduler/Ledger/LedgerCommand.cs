using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>What the scheduler actor asks the ledger to decide, one record per kind of input.</summary>
internal interface ILedgerCommand;

/// <summary>The commands of <see cref="SchedulerLedger.Decide"/>.</summary>
internal static class LedgerCommand
{
    public sealed record Submit(SubmitRun Submission) : ILedgerCommand;

    public sealed record AddRoots(AddRunRoots Added) : ILedgerCommand;

    /// <summary>A submission's DAG, read from the cache: <paramref name="Dag"/> null when it could not be read (<paramref name="Error"/> says why).</summary>
    public sealed record DagLoaded(Shared.Protocol.RunId Run, LoadedDag? Dag, string? Error) : ILedgerCommand;

    public sealed record Cancel(CancelRun Cancelled) : ILedgerCommand;

    /// <summary>A builder registered; <paramref name="Incarnation"/> tells its processes apart (the actor's path with uid), <paramref name="Address"/> is shown in node lists.</summary>
    public sealed record Register(RegisterBuilder Registration, string Incarnation, string Address) : ILedgerCommand;

    public sealed record Heartbeat(BuilderHeartbeat Beat, string Incarnation) : ILedgerCommand;

    /// <summary>The builder's actor terminated (its node left or stopped).</summary>
    public sealed record BuilderLeft(string Incarnation) : ILedgerCommand;

    public sealed record Started(BuildStarted Build) : ILedgerCommand;

    public sealed record Finished(BuildFinished Build) : ILedgerCommand;

    /// <summary>A success after its outputs were looked up in the cache: <paramref name="Problem"/> is null when they hold.</summary>
    public sealed record OutputsChecked(BuildFinished Build, string? Problem) : ILedgerCommand;

    public sealed record Failed(BuildFailed Build) : ILedgerCommand;

    /// <summary>The periodic timer: leases of silent builders and unclaimed or unreported leases expire.</summary>
    public sealed record Tick : ILedgerCommand
    {
        public static Tick Instance { get; } = new();
    }

    /// <summary>A scheduling round: what to start now (asked when the journal is idle).</summary>
    public sealed record Schedule : ILedgerCommand
    {
        public static Schedule Instance { get; } = new();
    }
}

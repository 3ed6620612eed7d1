using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>Something the scheduler actor does for the ledger: send, answer, load, check. Data only.</summary>
internal interface ILedgerEffect;

/// <summary>The effects a <see cref="LedgerStep"/> carries.</summary>
internal static class LedgerEffect
{
    /// <summary>Tell the registered builder <paramref name="Node"/> (a dispatch, or a build to stop).</summary>
    public sealed record SendToBuilder(string Node, IAsterFarmMessage Message) : ILedgerEffect;

    /// <summary>Answer whoever sent the command being decided.</summary>
    public sealed record Reply(IAsterFarmMessage Message) : ILedgerEffect;

    /// <summary>The run's submission is answered (accepted or rejected): everyone waiting for it is told.</summary>
    public sealed record RunAnswered(Shared.Protocol.RunId Run, IAsterFarmMessage Outcome) : ILedgerEffect;

    /// <summary>A build of the run changed: its followers are told.</summary>
    public sealed record RunChanged(RunBuildEvent Event) : ILedgerEffect;

    /// <summary>The run ended: its followers get the final status and stop following.</summary>
    public sealed record RunEnded(RunStatus Final) : ILedgerEffect;

    /// <summary>Read the run's DAG from the cache, off the mailbox; the result comes back as <see cref="LedgerCommand.DagLoaded"/>.</summary>
    public sealed record LoadDag(Shared.Protocol.RunId Run, IReadOnlyList<StorePath> Roots) : ILedgerEffect;

    /// <summary>Look the reported outputs up in the cache; the answer comes back as <see cref="LedgerCommand.OutputsChecked"/>.</summary>
    public sealed record CheckOutputs(BuildFinished Build, IReadOnlyList<string> Expected) : ILedgerEffect;

    /// <summary>The builder <paramref name="Node"/> registered from the sender (its incarnation): send its work there and watch it.</summary>
    public sealed record WatchBuilder(string Node, string Incarnation) : ILedgerEffect;

    /// <summary>The builder with this incarnation is no longer registered: stop watching it.</summary>
    public sealed record ForgetBuilder(string Incarnation) : ILedgerEffect;
}

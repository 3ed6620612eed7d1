using AsterFarm.Coordinator.Scheduler.Persistence;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>
/// What one decision or one applied event leads to: the events to journal (each applied once journaled), the effects
/// to perform, and whether a scheduling round is due once the journal is idle.
/// </summary>
internal sealed class LedgerStep
{
    private readonly List<ISchedulerEvent> _journal = [];
    private readonly List<ILedgerEffect> _effects = [];

    public IReadOnlyList<ISchedulerEvent> Journal => _journal;

    public IReadOnlyList<ILedgerEffect> Effects => _effects;

    /// <summary>Placement may have something to do: the actor runs <see cref="LedgerCommand.Schedule"/> when nothing is being journaled.</summary>
    public bool ScheduleWanted { get; private set; }

    internal void Record(ISchedulerEvent change) => _journal.Add(change);

    internal void Do(ILedgerEffect effect) => _effects.Add(effect);

    internal void WantSchedule() => ScheduleWanted = true;
}

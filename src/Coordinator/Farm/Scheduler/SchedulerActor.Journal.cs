using Akka.Persistence;
using AsterFarm.Coordinator.Farm.Persistence;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    private long _snapshotAt;

    /// <summary>Journals <paramref name="change"/>, then folds it into the durable state and runs <paramref name="then"/>; commands wait meanwhile.</summary>
    private void Record<TEvent>(TEvent change, Action<TEvent> then)
        where TEvent : ISchedulerEvent =>
        Persist(change, recorded =>
        {
            _state.Apply(recorded);
            then(recorded);
            SnapshotIfDue();
        });

    /// <summary>Journals a burst of events in one write (a scheduling round's dispatches) rather than one round trip each.</summary>
    private void RecordAll<TEvent>(List<TEvent> changes, Action<TEvent> then)
        where TEvent : ISchedulerEvent
    {
        if (changes.Count == 0)
        {
            return;
        }

        PersistAll(changes, recorded =>
        {
            _state.Apply(recorded);
            then(recorded);
            SnapshotIfDue();
        });
    }

    private void SnapshotIfDue()
    {
        if (_state.Applied - _snapshotAt < _persistence.SnapshotEvery)
        {
            return;
        }

        _snapshotAt = _state.Applied;
        SaveSnapshot(SchedulerSnapshot.Of(_state));
    }

    // Older snapshots and the events they contain are no longer needed for recovery.
    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        DeleteMessages(saved.Metadata.SequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
    }
}

using Akka.Persistence;
using AsterFarm.Coordinator.Farm.Persistence;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    private long _snapshotAt;

    // Events journaled but not yet applied. Placement waits for them (a lost build is not placed again before its
    // failed try is journaled and the retry policy's decision applied), then runs once.
    private int _journaling;
    private bool _scheduleDeferred;

    /// <summary>Journals <paramref name="change"/>, then folds it into the durable state and runs <paramref name="then"/>; commands wait meanwhile.</summary>
    private void Record<TEvent>(TEvent change, Action<TEvent> then)
        where TEvent : ISchedulerEvent
    {
        _journaling++;
        Persist(change, recorded => Applied(recorded, then));
    }

    /// <summary>Journals a burst of events in one write (a scheduling round's dispatches) rather than one round trip each.</summary>
    private void RecordAll<TEvent>(List<TEvent> changes, Action<TEvent> then)
        where TEvent : ISchedulerEvent
    {
        if (changes.Count == 0)
        {
            return;
        }

        _journaling += changes.Count;
        PersistAll(changes, recorded => Applied(recorded, then));
    }

    private void Applied<TEvent>(TEvent recorded, Action<TEvent> then)
        where TEvent : ISchedulerEvent
    {
        _journaling--;
        _state.Apply(recorded);
        then(recorded);
        SnapshotIfDue();
        if (_journaling == 0 && _scheduleDeferred)
        {
            ScheduleNow();
        }
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

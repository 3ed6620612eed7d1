using Akka.Actor;
using Akka.Persistence;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Persistence;

namespace AsterFarm.Bench.SchedulerRecovery;

/// <summary>Writes a prepared journal (and optionally a snapshot first) under the scheduler's persistence id.</summary>
internal sealed class JournalWriter : ReceivePersistentActor
{
    public JournalWriter()
    {
        Command<Snapshot>(snapshot =>
        {
            var asker = Sender;
            SaveSnapshot(SchedulerSnapshot.Of(snapshot.State));
            Become(() => Command<SaveSnapshotSuccess>(_ =>
            {
                asker.Tell(Done.Instance);
                UnbecomeStacked();
            }));
        });
        Command<Events>(batch =>
        {
            var asker = Sender;
            var left = batch.Changes.Count;
            PersistAll(batch.Changes, _ =>
            {
                if (--left == 0)
                {
                    asker.Tell(Done.Instance);
                }
            });
        });
    }

    public override string PersistenceId => SchedulerActor.JournalId;

    public sealed record Snapshot(SchedulerState State);

    public sealed record Events(IReadOnlyList<ISchedulerEvent> Changes);

    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }
}

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>
/// What the scheduler writes to its journal and snapshot store. Like wire types these outlive a release: MessagePack
/// with explicit keys, additive changes only, a manifest in <see cref="SchedulerPersistenceManifests"/>, frozen bytes in
/// the tests.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040", Justification = "A marker the serializer binding names.")]
public interface IPersistedSchedulerState;

/// <summary>An event of the scheduler's journal; <see cref="SchedulerState.Apply"/> folds it into the durable state.</summary>
public interface ISchedulerEvent : IPersistedSchedulerState;

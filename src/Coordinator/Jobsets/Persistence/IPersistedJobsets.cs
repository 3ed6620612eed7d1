namespace AsterFarm.Coordinator.Jobsets.Persistence;

/// <summary>
/// What the jobsets actor journals and snapshots, and the messages it exchanges with the HTTP edge (which may be on
/// another coordinator): MessagePack with explicit keys, additive changes only, a manifest in <see cref="JobsetManifests"/>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1040", Justification = "A marker the serializer binding names.")]
public interface IPersistedJobsets;

/// <summary>An event of the jobsets journal; <see cref="JobsetsState.Apply"/> folds it into the durable state.</summary>
public interface IJobsetEvent : IPersistedJobsets;

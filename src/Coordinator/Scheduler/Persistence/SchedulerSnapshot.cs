using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>
/// A snapshot of <see cref="SchedulerState"/>, serialized when taken: the snapshot store writes it later on another
/// thread while the scheduler goes on changing its state.
/// </summary>
[MessagePackObject]
public sealed record SchedulerSnapshot([property: Key(0)] byte[] State) : IPersistedSchedulerState
{
    public static SchedulerSnapshot Of(SchedulerState state) => new(SchedulerEventSerializer.Serialize(state));

    /// <summary>The state in a snapshot offered on recovery.</summary>
    public static SchedulerState Read(object snapshot) => snapshot switch
    {
        SchedulerSnapshot taken => (SchedulerState)SchedulerEventSerializer.Deserialize(taken.State, SchedulerEventSerializer.ManifestOf(typeof(SchedulerState))),
        SchedulerState state => state,
        _ => throw new InvalidOperationException($"unexpected scheduler snapshot {snapshot?.GetType().FullName}"),
    };
}

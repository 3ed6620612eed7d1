using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence.Events;

/// <summary>One measured build duration, the duration history's input (replayed into the estimator on recovery).</summary>
[MessagePackObject]
public sealed record DurationSample(
    [property: Key(0)] string Package,
    [property: Key(1)] string System,
    [property: Key(2)] string MachineClass,
    [property: Key(3)] double Speed,
    [property: Key(4)] double Seconds);

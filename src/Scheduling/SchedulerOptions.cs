using AsterFarm.Scheduling.Estimates;
using AsterFarm.Scheduling.Placement;

namespace AsterFarm.Scheduling;

/// <summary>Settings of the scheduling core (section <c>AsterFarm:Scheduler</c>).</summary>
public sealed class SchedulerOptions
{
    /// <summary>Ordering and placement policy. Default: <see cref="SchedulingPolicy.CriticalPath"/>.</summary>
    public SchedulingPolicy Policy { get; set; } = SchedulingPolicy.CriticalPath;

    /// <summary>Bandwidth from the cache to a builder, used to cost the inputs a builder lacks. Default: 125,000,000 bytes/s (1 Gbit/s).</summary>
    public double TransferBytesPerSecond { get; set; } = 125_000_000;

    /// <summary>
    /// The critical path is recomputed on every DAG change and, because estimates keep learning, after this many
    /// finished builds. Default: 5,000. Zero disables the refresh.
    /// </summary>
    public int CriticalPathRefreshFinishes { get; set; } = 5_000;

    /// <summary>Duration estimates: prior and learning rate.</summary>
    public EstimatorOptions Estimates { get; set; } = new();
}

namespace AsterFarm.Scheduling.Core;

/// <summary>A run's priority and the derivations it needs (indices, shared ones included).</summary>
internal sealed record PlannedRun(int Priority, int[] Derivations)
{
    /// <summary>Cancelled or ended: its derivations no longer count as needed (see <see cref="SchedulerCore.CancelRun"/>).</summary>
    public bool Closed { get; init; }
}

namespace AsterFarm.Coordinator.Scheduler.Api;

/// <summary>A run as <c>GET /api/v1/runs/{id}</c> shows it.</summary>
/// <param name="Run">The run id (32 hex digits).</param>
/// <param name="State">Planning, Running, Succeeded, Failed, Cancelled or Unknown.</param>
/// <param name="Systems">Counts per system.</param>
/// <param name="Builds">Running, failed and waiting derivations (at most 256).</param>
/// <param name="BuildsTruncated">More builds exist than listed.</param>
/// <param name="Attempts">Failed tries of the run's derivations, oldest first: every retry and why, and final failures.</param>
public sealed record RunStatusView(
    string Run, string State, IReadOnlyList<SystemView> Systems, IReadOnlyList<BuildView> Builds, bool BuildsTruncated, IReadOnlyList<AttemptView>? Attempts = null)
{
    /// <summary>Whether the run has ended (nothing will change any more).</summary>
    public bool IsFinished => State is "Succeeded" or "Failed" or "Cancelled" or "Unknown";
}

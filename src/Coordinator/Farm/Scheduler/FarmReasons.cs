namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>Reason texts the scheduler gives and recognises.</summary>
internal static class FarmReasons
{
    /// <summary>How the core words a failure inherited from a dependency (<c>dependency failed: &lt;id&gt;</c>).</summary>
    public const string DependencyFailedPrefix = "dependency failed";

    public const string Cancelled = "cancelled";

    public const string BuilderLost = "builder left the cluster; queued again";

    public const string BuilderSilent = "builder not heard from within the lease timeout; queued again";

    public const string NotReclaimed = "no builder claimed the build after the scheduler moved; queued again";

    public const string LateResult = "built under an expired lease (a late result, counted once)";
}

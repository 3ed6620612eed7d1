namespace AsterFarm.Coordinator.Scheduler;

/// <summary>Reason texts the scheduler gives and recognises.</summary>
internal static class FarmReasons
{
    /// <summary>How the core words a failure inherited from a dependency (<c>dependency failed: &lt;id&gt;</c>).</summary>
    public const string DependencyFailedPrefix = "dependency failed";

    public const string Cancelled = "cancelled";

    /// <summary>Why a build of a run without keep-going is cancelled after the run's first failure.</summary>
    public const string StoppedAfterFailure = "cancelled: the run stopped after a failure (keep-going is off)";

    public const string BuilderLost = "builder left the cluster; queued again";

    public const string BuilderSilent = "the builder was not heard from within the lease timeout";

    public const string NotReclaimed = "the builder did not claim the build after the scheduler moved";

    /// <summary>The failed try's reason when its builder's process restarted (a new incarnation registered under its name).</summary>
    public const string BuilderRestarted = "the builder restarted during the build (a new incarnation registered); the build was lost";

    /// <summary>The failed try's reason when the builder, still heartbeating, stopped naming the build as running.</summary>
    public const string NotReported = "the builder's heartbeats stopped naming the build within the lease timeout";

    /// <summary>The failed try's reason when the builder reported a success the cache does not bear out.</summary>
    public const string ResultRefused = "the builder reported success but its outputs are not in the cache as reported";

    /// <summary>Why a build is stopped when a late result of an expired lease of the same derivation came first.</summary>
    public const string Superseded = "a late result of an earlier try of this derivation came first";

    public const string LateResult = "built under an expired lease (a late result, counted once)";

    /// <summary>The failed try's reason when its builder left the cluster mid-build.</summary>
    public const string NodeLost = "the builder left the cluster during the build";
}

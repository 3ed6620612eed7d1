namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>How one job of an evaluation ended. Persisted: never renumber.</summary>
public enum JobState
{
    /// <summary>Its run has not finished it yet.</summary>
    Pending = 0,

    /// <summary>Built by this evaluation's run.</summary>
    Built = 1,

    /// <summary>Its outputs were already in the cache: nothing was built.</summary>
    Cached = 2,

    /// <summary>Its attribute did not evaluate: no derivation.</summary>
    EvaluationFailed = 3,

    /// <summary>Its build failed.</summary>
    Failed = 4,

    /// <summary>A dependency failed, so it was not built.</summary>
    DependencyFailed = 5,

    /// <summary>The run was cancelled before it was built.</summary>
    Cancelled = 6,
}

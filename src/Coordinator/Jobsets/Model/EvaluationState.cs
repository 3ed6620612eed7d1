namespace AsterFarm.Coordinator.Jobsets.Model;

/// <summary>Where an evaluation is. Persisted: never renumber.</summary>
public enum EvaluationState
{
    /// <summary>Nix is evaluating the expression (or the closure is being uploaded).</summary>
    Evaluating = 1,

    /// <summary>The expression did not evaluate at all: nothing was submitted.</summary>
    Failed = 2,

    /// <summary>Its run was submitted and is building.</summary>
    Building = 3,

    /// <summary>Its run ended; every job has an outcome.</summary>
    Finished = 4,
}

namespace AsterFarm.Scheduling.Estimates;

/// <summary>Settings of <see cref="DurationEstimator"/> (section <c>AsterFarm:Scheduler:Estimates</c>).</summary>
public sealed class EstimatorOptions
{
    /// <summary>Estimate, in seconds on one reference x86_64 core, of a derivation with no history. Default: 60.</summary>
    public double PriorSeconds { get; set; } = 60;

    /// <summary>Weight of a new observation in the exponentially weighted mean (0 &lt; w ≤ 1). Default: 0.5.</summary>
    public double Smoothing { get; set; } = 0.5;

    /// <summary>Multipliers of the prior per system, for systems whose builds are known to be heavier. Default: none.</summary>
    public Dictionary<string, double> SystemPriorFactors { get; init; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Multipliers of the prior per required feature. Default: <c>big-parallel</c> × 30, because nixpkgs marks its
    /// multi-hour builds (chromium, llvm, pytorch) with it and they must start early even before any history exists.
    /// </summary>
    public Dictionary<string, double> FeaturePriorFactors { get; init; } = new(StringComparer.Ordinal) { ["big-parallel"] = 30 };
}

using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>How one build ended: its uploaded outputs, or why it failed; always with the phase timings.</summary>
/// <param name="Outputs">Every output as uploaded (empty on failure).</param>
/// <param name="Timings">Time spent per phase, up to the failure if any.</param>
/// <param name="Failure">Why it failed, or null on success.</param>
public sealed record BuildOutcome(IReadOnlyList<BuiltOutput> Outputs, PhaseTimings Timings, BuildFailure? Failure)
{
    public static BuildOutcome Success(IReadOnlyList<BuiltOutput> outputs, PhaseTimings timings) => new(outputs, timings, null);

    public static BuildOutcome Failed(BuildFailure failure, PhaseTimings timings) => new([], timings, failure);
}

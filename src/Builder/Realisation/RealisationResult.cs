using System.Diagnostics.CodeAnalysis;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Realisation;

/// <summary>The outcome of realising one derivation: its outputs, or why it failed; always with the phase timings.</summary>
/// <param name="DrvPath">The derivation.</param>
/// <param name="Outputs">Every output, in output-name order (empty on failure).</param>
/// <param name="Timings">Time spent per phase.</param>
/// <param name="Failure">Why it failed, or null on success.</param>
public sealed record RealisationResult(
    StorePath DrvPath,
    IReadOnlyList<RealisedOutput> Outputs,
    RealisationTimings Timings,
    RealisationFailure? Failure)
{
    [MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Failure is null;
}

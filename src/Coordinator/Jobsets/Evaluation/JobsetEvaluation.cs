using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Jobsets.Evaluation;

/// <summary>What evaluating a jobset's expression gave: its inputs, and its jobs or why it did not evaluate at all.</summary>
/// <param name="Revision">The git revision of the expression's checkout, if it is in one.</param>
/// <param name="ContentHash">The Nix hash (sha256, base32) of the expression's directory.</param>
/// <param name="Error">Nix's message when the expression did not evaluate at all (then there are no jobs).</param>
/// <param name="Jobs">The jobs, sorted by attribute; those whose attribute failed carry Nix's message.</param>
public sealed record JobsetEvaluation(string? Revision, string? ContentHash, string? Error, IReadOnlyList<EvaluatedJob> Jobs)
{
    public bool Failed => Error is not null;
}

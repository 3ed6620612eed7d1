using AsterFarm.Coordinator.Jobsets.Diff;

namespace AsterFarm.Coordinator.Jobsets;

/// <summary>What a jobset's webhook receives when an evaluation's run ends (or the evaluation fails).</summary>
/// <param name="Jobset">The jobset.</param>
/// <param name="Evaluation">The evaluation's number.</param>
/// <param name="State">Finished, or Failed when the expression did not evaluate.</param>
/// <param name="Summary">One line for a chat message.</param>
/// <param name="Error">Nix's message when the expression did not evaluate.</param>
/// <param name="Diff">The diff against the previous evaluation, if there is one.</param>
public sealed record EvaluationReport(string Jobset, int Evaluation, string State, string Summary, string? Error, EvaluationDiff? Diff);

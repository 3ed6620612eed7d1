using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Scheduling.Graph;

/// <summary>A run: the closure of derivations to realise and the run's priority (higher runs first among equal critical paths).</summary>
/// <param name="Id">The run's id; submitting the same id twice is rejected.</param>
/// <param name="Priority">Submission priority, the second ordering key after the critical path.</param>
/// <param name="Derivations">The derivations of the run; dependencies may also name derivations of earlier runs.</param>
/// <param name="CachedFailure">
/// When given, decides each derivation's earlier failure: the reason it fails with at once (a recent cached failure),
/// or null to build it (again, if an earlier run saw it fail or cancelled it). When absent, failures are kept.
/// </param>
public sealed record RunSubmission(RunId Id, int Priority, IReadOnlyList<DerivationSpec> Derivations, Func<DerivationId, string?>? CachedFailure = null);

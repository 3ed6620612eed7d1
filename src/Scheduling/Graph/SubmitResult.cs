namespace AsterFarm.Scheduling.Graph;

/// <summary>The outcome of a submission: accepted with counts, or rejected with a message naming the culprits (a cycle, missing derivations).</summary>
/// <param name="Accepted">True when the run was added.</param>
/// <param name="Error">Why the run was rejected; empty when accepted.</param>
/// <param name="NewDerivations">Derivations the scheduler did not know before.</param>
/// <param name="SharedDerivations">Derivations already known from earlier runs, built once for all of them.</param>
/// <param name="CachedDerivations">New derivations marked done because the cache holds them.</param>
public sealed record SubmitResult(bool Accepted, string Error, int NewDerivations, int SharedDerivations, int CachedDerivations)
{
    public static SubmitResult Rejected(string error) => new(false, error, 0, 0, 0);
}

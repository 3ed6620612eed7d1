using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>Every failed try of each derivation, for the run reports (retries and why). Plain data (<see cref="Entries"/>).</summary>
internal sealed class AttemptLog
{
    // Refusals are not bounded by the attempt limit; the oldest tries beyond this are dropped.
    private const int MaxPerDerivation = 20;

    private readonly Dictionary<DerivationId, List<BuildAttempt>> _entries = [];

    public IReadOnlyDictionary<DerivationId, List<BuildAttempt>> Entries => _entries;

    public void Record(DerivationId id, BuildAttempt attempt)
    {
        if (!_entries.TryGetValue(id, out var attempts))
        {
            _entries[id] = attempts = [];
        }

        if (attempts.Count == MaxPerDerivation)
        {
            attempts.RemoveAt(0);
        }

        attempts.Add(attempt);
    }

    /// <summary>The failed tries of <paramref name="derivations"/>, oldest first per derivation.</summary>
    public IEnumerable<BuildAttempt> Of(IEnumerable<DerivationId> derivations) =>
        derivations.SelectMany(id => _entries.TryGetValue(id, out var attempts) ? attempts : []);
}

using System.Globalization;
using AsterFarm.Coordinator.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>
/// Decides what a failed try leads to: infrastructure failures are retried with exponential backoff up to
/// <see cref="FarmOptions.MaxInfrastructureAttempts"/>, refusals are placed elsewhere without counting, build failures
/// are final. Its state, the infrastructure failures counted per derivation, is plain data (<see cref="Counts"/>).
/// </summary>
internal sealed class RetryPolicy(FarmOptions options)
{
    private readonly Dictionary<DerivationId, int> _failures = [];

    /// <summary>Infrastructure failures so far of derivations not yet built.</summary>
    public IReadOnlyDictionary<DerivationId, int> Counts => _failures;

    /// <summary>The wait after the <paramref name="failures"/>-th infrastructure failure: the base doubled each time, capped.</summary>
    public static TimeSpan Backoff(int failures, TimeSpan first, TimeSpan max)
    {
        var wait = first;
        for (var i = 1; i < failures && wait < max; i++)
        {
            wait += wait;
        }

        return wait < max ? wait : max;
    }

    /// <summary>Counts a failed try of <paramref name="id"/> and decides what follows.</summary>
    public RetryDecision Decide(DerivationId id, FailureClass failureClass, string reason)
    {
        switch (failureClass)
        {
            case FailureClass.Refused:
                // Not the derivation's fault nor the machine's: another builder takes it. The pause keeps a builder
                // that is the only candidate from being asked again in a tight loop.
                return Retry(options.RetryBackoff, $"refused: {reason}");
            case FailureClass.Infrastructure:
                var failures = _failures[id] = _failures.GetValueOrDefault(id) + 1;
                if (failures < options.MaxInfrastructureAttempts)
                {
                    return Retry(Backoff(failures, options.RetryBackoff, options.RetryBackoffMax), reason);
                }

                return new RetryDecision(RetryVerdict.Fail, TimeSpan.Zero, string.Create(
                    CultureInfo.InvariantCulture, $"failed {failures} times for infrastructure reasons; last: {reason}"));
            default:
                return new RetryDecision(RetryVerdict.FailAndCache, TimeSpan.Zero, reason);
        }
    }

    /// <summary>A count recovered from the scheduler's journal.</summary>
    public void Restore(DerivationId id, int failures) => _failures[id] = failures;

    /// <summary>The derivation was built, failed for good, or is to be tried afresh: its count starts over.</summary>
    public void Forget(DerivationId id) => _failures.Remove(id);

    private static RetryDecision Retry(TimeSpan delay, string reason) =>
        new(RetryVerdict.Retry, delay, string.Create(CultureInfo.InvariantCulture, $"retrying in {Seconds(delay)} after: {reason}"));

    private static string Seconds(TimeSpan delay) =>
        delay.TotalSeconds.ToString(delay.TotalSeconds < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " s";
}

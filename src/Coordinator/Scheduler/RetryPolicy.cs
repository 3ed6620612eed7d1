using System.Globalization;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>
/// Decides what a failed try leads to: infrastructure failures are retried with exponential backoff up to
/// <see cref="FarmOptions.MaxInfrastructureAttempts"/>, refusals are placed elsewhere without counting, build failures
/// are final. Stateless: the infrastructure failures so far are counted by the scheduler's durable state.
/// </summary>
internal sealed class RetryPolicy(FarmOptions options)
{
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

    /// <summary>Decides what a failed try leads to, after <paramref name="infrastructureFailuresBefore"/> earlier infrastructure failures of the derivation.</summary>
    public RetryDecision Decide(int infrastructureFailuresBefore, FailureClass failureClass, string reason)
    {
        switch (failureClass)
        {
            case FailureClass.Refused:
                // Not the derivation's fault nor the machine's: another builder takes it. The pause keeps a builder
                // that is the only candidate from being asked again in a tight loop.
                return Retry(options.RetryBackoff, $"refused: {reason}");
            case FailureClass.Infrastructure:
                var failures = infrastructureFailuresBefore + 1;
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

    private static RetryDecision Retry(TimeSpan delay, string reason) =>
        new(RetryVerdict.Retry, delay, string.Create(CultureInfo.InvariantCulture, $"retrying in {Seconds(delay)} after: {reason}"));

    private static string Seconds(TimeSpan delay) =>
        delay.TotalSeconds.ToString(delay.TotalSeconds < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " s";
}

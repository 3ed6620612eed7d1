using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    // Derivations waiting out a retry's backoff (Planned, RetryAt set); released by Schedule once due.
    private readonly List<int> _retrying = [];

    /// <summary>
    /// A running build failed in a way another node may not (node trouble, or the builder refused it): it leaves
    /// its slot, waits until <paramref name="retryAt"/> with <paramref name="reason"/> as its status, and is then
    /// placed again, avoiding every builder it failed on while a live one without such a failure can take it.
    /// False when it was not running.
    /// </summary>
    public bool BuildRetry(DerivationId id, double retryAt, string reason)
    {
        if (!TryRunning(id, out var node))
        {
            return false;
        }

        var avoid = node.Avoid ??= [];
        if (!avoid.Contains(node.Builder))
        {
            avoid.Add(node.Builder);
        }

        ReleaseSlot(node);
        SetState(node, DerivationState.Planned);
        node.RetryAt = retryAt;
        node.RetryReason = reason;
        _retrying.Add(node.Index);
        return true;
    }

    private void ReleaseDueRetries(double now)
    {
        for (var i = _retrying.Count - 1; i >= 0; i--)
        {
            var node = _nodes[_retrying[i]];
            if (node.State == DerivationState.Planned && node.RetryAt > now)
            {
                continue;
            }

            _retrying[i] = _retrying[^1];
            _retrying.RemoveAt(_retrying.Count - 1);
            if (node.State == DerivationState.Planned)
            {
                ClearRetry(node);
                MakeReady(node);
            }
        }
    }

    private static void ClearRetry(DerivationNode node)
    {
        node.RetryAt = 0;
        node.RetryReason = string.Empty;
    }

    /// <summary>
    /// The builders <paramref name="node"/> must not be placed on: those its infrastructure failures happened on,
    /// unless no other live candidate offers its features (then any may try again). Null when none are avoided.
    /// </summary>
    internal static List<int>? AvoidedAmong(DerivationNode node, List<BuilderState> candidates)
    {
        if (node.Avoid is not { Count: > 0 } avoid)
        {
            return null;
        }

        foreach (var builder in candidates)
        {
            if ((node.Features & ~builder.Features) == 0 && !avoid.Contains(builder.Index))
            {
                return avoid;
            }
        }

        return null;
    }
}

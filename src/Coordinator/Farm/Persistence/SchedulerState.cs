using AsterFarm.Coordinator.Farm.Persistence.Events;
using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Farm.Persistence;

/// <summary>
/// The scheduler's durable state: runs, progress of each derivation, leases in flight and expired, and the duration
/// history. Changed only by <see cref="Apply"/> (deterministic, no clock, no I/O), so replaying the journal on top of a
/// snapshot gives the same state; a fresh scheduling core is rebuilt from it after recovery. Also the snapshot.
/// </summary>
[MessagePackObject]
public sealed class SchedulerState : IPersistedSchedulerState
{
    [Key(0)]
    public List<PersistedRun> Runs { get; init; } = [];

    /// <summary>Progress by <c>.drv</c> path, of every derivation dispatched or finished at least once.</summary>
    [Key(1)]
    public Dictionary<string, PersistedProgress> Progress { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Leases in flight.</summary>
    [Key(2)]
    public Dictionary<LeaseId, PersistedLease> Leases { get; init; } = [];

    /// <summary>Leases that ended without a result while their build may still run: one late result of each counts.</summary>
    [Key(3)]
    public Dictionary<LeaseId, PersistedLease> Expired { get; init; } = [];

    [Key(4)]
    public List<DurationSample> Durations { get; init; } = [];

    /// <summary>Events applied since the state was created (snapshots included): what the snapshot interval counts.</summary>
    [Key(5)]
    public long Applied { get; set; }

    [IgnoreMember]
    private Dictionary<RunId, PersistedRun>? _runIndex;

    public PersistedRun? RunOf(RunId id)
    {
        if (_runIndex is null || _runIndex.Count != Runs.Count)
        {
            _runIndex = Runs.ToDictionary(run => run.Id);
        }

        return _runIndex.GetValueOrDefault(id);
    }

    /// <summary>What a result naming <paramref name="lease"/> for <paramref name="derivation"/> counts for.</summary>
    public LeaseVerdict Judge(LeaseId lease, string derivation)
    {
        if (Progress.TryGetValue(derivation, out var progress) && progress.Finished)
        {
            return LeaseVerdict.Stale;
        }

        if (Leases.TryGetValue(lease, out var current) && current.Derivation == derivation)
        {
            return LeaseVerdict.Current;
        }

        return Expired.TryGetValue(lease, out var expired) && expired.Derivation == derivation ? LeaseVerdict.Late : LeaseVerdict.Stale;
    }

    /// <summary>The lease in flight for <paramref name="derivation"/>, if any.</summary>
    public LeaseId? LeaseOf(string derivation)
    {
        foreach (var (id, lease) in Leases)
        {
            if (lease.Derivation == derivation)
            {
                return id;
            }
        }

        return null;
    }

    public void Apply(ISchedulerEvent change)
    {
        ArgumentNullException.ThrowIfNull(change);
        Applied++;
        switch (change)
        {
            case RunSubmitted submitted when RunOf(submitted.Run) is null:
                Runs.Add(new PersistedRun { Submitted = submitted, Roots = [.. submitted.Roots] });
                break;
            case RunRootsAdded added when RunOf(added.Run) is { } run:
                run.Roots.AddRange(added.Roots);
                run.BatchesReceived++;
                break;
            case RunDagAccepted accepted when RunOf(accepted.Run) is { } run:
                run.Derivations = accepted.Derivations;
                break;
            case RunDagRejected rejected when RunOf(rejected.Run) is { } run:
                run.RejectedReason = rejected.Reason;
                run.RejectedProblems = rejected.Problems;
                break;
            case RunCancelled cancelled when RunOf(cancelled.Run) is { } run:
                run.CancelledReason = cancelled.Reason;
                break;
            case BuildDispatched dispatched:
                Leases[dispatched.Lease] = new PersistedLease(dispatched.Derivation, dispatched.Node, dispatched.Attempt, dispatched.AtUtc);
                var tried = ProgressOf(dispatched.Derivation);
                tried.Attempts = Math.Max(tried.Attempts, dispatched.Attempt);
                tried.SinceUtc = dispatched.AtUtc;
                break;
            case BuildSucceeded succeeded:
                Finish(succeeded.Derivation, succeeded.AtUtc).Built = true;
                if (succeeded.Duration is { } sample)
                {
                    Durations.Add(sample);
                }

                break;
            case BuildFailedForGood failed:
                Finish(failed.Derivation, failed.AtUtc).Failure = failed.Reason;
                break;
            case BuildRequeued requeued:
                if (Leases.Remove(requeued.Lease, out var lease) && requeued.MayStillReport)
                {
                    Expired[requeued.Lease] = lease;
                }

                ProgressOf(requeued.Derivation).SinceUtc = requeued.AtUtc;
                break;
            default:
                // Events about unknown runs change nothing (a retried command after the run was dropped).
                break;
        }
    }

    private PersistedProgress ProgressOf(string derivation)
    {
        if (!Progress.TryGetValue(derivation, out var progress))
        {
            Progress[derivation] = progress = new PersistedProgress();
        }

        return progress;
    }

    /// <summary>A finished derivation has no lease that could still count: every lease of it ends here.</summary>
    private PersistedProgress Finish(string derivation, DateTime at)
    {
        RemoveLeasesOf(Leases, derivation);
        RemoveLeasesOf(Expired, derivation);
        var progress = ProgressOf(derivation);
        progress.SinceUtc = at;
        return progress;
    }

    private static void RemoveLeasesOf(Dictionary<LeaseId, PersistedLease> leases, string derivation)
    {
        foreach (var (id, lease) in leases.ToList())
        {
            if (lease.Derivation == derivation)
            {
                leases.Remove(id);
            }
        }
    }
}

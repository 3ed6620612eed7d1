using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Shared.Protocol;
using MessagePack;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

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

    /// <summary>Failed tries per derivation, the latest <see cref="MaxAttemptsKept"/>.</summary>
    [Key(6)]
    public Dictionary<string, List<PersistedAttempt>> Attempts { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Infrastructure failures counted towards the retry limit, per derivation not yet finished.</summary>
    [Key(7)]
    public Dictionary<string, int> InfrastructureFailures { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Build failures remembered for later runs (expired ones are dropped when looked up).</summary>
    [Key(8)]
    public Dictionary<string, PersistedFailure> CachedFailures { get; init; } = new(StringComparer.Ordinal);

    /// <summary>As many failed tries per derivation as the run reports keep.</summary>
    public const int MaxAttemptsKept = 20;

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
                // A failure being built again (a run asked to rebuild failures) is no longer the outcome.
                tried.Failure = null;
                break;
            case BuildSucceeded succeeded:
                Finish(succeeded.Derivation, succeeded.AtUtc).Built = true;
                InfrastructureFailures.Remove(succeeded.Derivation);
                CachedFailures.Remove(succeeded.Derivation);
                if (succeeded.Duration is { } sample)
                {
                    Durations.Add(sample);
                }

                break;
            case BuildTryFailed failed:
                ApplyFailedTry(failed);
                break;
            default:
                // Events about unknown runs change nothing (a retried command after the run was dropped).
                break;
        }
    }

    private void ApplyFailedTry(BuildTryFailed failed)
    {
        if (Leases.Remove(failed.Lease, out var lease) && failed.MayStillReport)
        {
            Expired[failed.Lease] = lease;
        }

        if (!Attempts.TryGetValue(failed.Derivation, out var attempts))
        {
            Attempts[failed.Derivation] = attempts = [];
        }

        if (attempts.Count == MaxAttemptsKept)
        {
            attempts.RemoveAt(0);
        }

        attempts.Add(new PersistedAttempt(failed.Attempt, failed.Node, failed.Class, failed.Reason, failed.AtUtc));
        if (failed.Class == Shared.Protocol.Builds.FailureClass.Infrastructure)
        {
            InfrastructureFailures[failed.Derivation] = InfrastructureFailures.GetValueOrDefault(failed.Derivation) + 1;
        }

        if (!failed.Final)
        {
            ProgressOf(failed.Derivation).SinceUtc = failed.AtUtc;
            return;
        }

        Finish(failed.Derivation, failed.AtUtc).Failure = failed.Outcome;
        InfrastructureFailures.Remove(failed.Derivation);
        if (failed.CacheFailure)
        {
            CachedFailures[failed.Derivation] = new PersistedFailure(failed.Reason, failed.AtUtc);
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

using AsterFarm.Scheduling;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>A run's status as the wire shows it, derived from the core's view of each of its derivations.</summary>
internal static class RunReport
{
    public const string QueuedReason = "queued for a free slot";
    private const int MaxReasonLength = 300;

    /// <summary>The run's counts per system and its running, waiting and failed builds (at most <see cref="ProtocolLimits.MaxPathsPerMessage"/>).</summary>
    /// <param name="run">The run.</param>
    /// <param name="core">The scheduler's core, which knows each derivation's state.</param>
    /// <param name="systems">Each derivation's system.</param>
    /// <param name="since">When each derivation last changed state.</param>
    /// <param name="attempts">The failed tries, listed (at most as many as builds) when given.</param>
    /// <param name="withBuilds">Whether to list the builds (not in run lists).</param>
    public static RunStatus Of(
        RunBook run,
        SchedulerCore core,
        IReadOnlyDictionary<DerivationId, string> systems,
        IReadOnlyDictionary<DerivationId, DateTime> since,
        Func<DerivationId, IEnumerable<BuildAttempt>>? attempts,
        bool withBuilds = true)
    {
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var builds = new List<BuildProgress>();
        foreach (var id in run.Derivations)
        {
            var status = core.Describe(id);
            if (status is null)
            {
                continue;
            }

            var system = systems.GetValueOrDefault(id, "unknown");
            var state = StateOf(status, run.Cached.Contains(id));
            if (!counts.TryGetValue(system, out var row))
            {
                counts[system] = row = new int[5];
            }

            row[Column(state)]++;
            if (withBuilds && state is BuildState.Running or BuildState.Waiting or BuildState.Failed or BuildState.DependencyFailed or BuildState.Cancelled)
            {
                var reason = state == BuildState.Waiting && string.IsNullOrEmpty(status.Reason) ? QueuedReason : status.Reason;
                builds.Add(new BuildProgress(
                    StorePath.Parse(id.Value), system, state,
                    state == BuildState.Running && status.Node is { } node ? new NodeName(node.Value) : null,
                    since.GetValueOrDefault(id, DateTime.UnixEpoch),
                    string.IsNullOrEmpty(reason) ? null : Trim(reason),
                    state is BuildState.Planned or BuildState.Waiting ? status.Wait : WaitCause.None,
                    status.Cause));
            }
        }

        var ordered = builds.OrderBy(b => Rank(b.State)).ThenBy(b => b.DrvPath).ToList();
        var limit = ProtocolLimits.MaxPathsPerMessage;
        return new RunStatus(
            run.Id,
            run.State,
            ValueList.From(counts.Select(entry => new SystemProgress(entry.Key, entry.Value[0], entry.Value[1], entry.Value[2], entry.Value[3], entry.Value[4]))),
            ValueList.From(ordered.Take(limit)),
            ordered.Count > limit,
            attempts is null ? null : ValueList.From(run.Derivations.SelectMany(attempts).OrderBy(a => a.AtUtc).ThenBy(a => a.DrvPath).Take(limit)));
    }

    /// <summary>A run nobody submitted (or that this scheduler no longer knows).</summary>
    public static RunStatus Unknown(AsterFarm.Shared.Protocol.RunId run) => new(run, RunState.Unknown, [], [], false);

    /// <summary>The wire state of a derivation, from its state and causes (never from its reason text).</summary>
    public static BuildState StateOf(DerivationStatus status, bool cached) => status.State switch
    {
        // A planned derivation waiting out a retry's back-off is waiting, not planned.
        DerivationState.Planned => status.Wait == WaitCause.RetryBackoff ? BuildState.Waiting : BuildState.Planned,
        DerivationState.Ready or DerivationState.NoCapableBuilder => BuildState.Waiting,
        DerivationState.Running => BuildState.Running,
        DerivationState.Done => cached ? BuildState.Cached : BuildState.Built,
        _ => status.Cause switch
        {
            FailureCause.Dependency => BuildState.DependencyFailed,
            FailureCause.Cancelled => BuildState.Cancelled,
            _ => BuildState.Failed,
        },
    };

    private static int Column(BuildState state) => state switch
    {
        BuildState.Planned => 0,
        BuildState.Waiting => 1,
        BuildState.Running => 2,
        BuildState.Built or BuildState.Cached => 3,
        _ => 4,
    };

    private static int Rank(BuildState state) => state switch
    {
        BuildState.Running => 0,
        BuildState.Failed => 1,
        BuildState.Waiting => 2,
        _ => 3,
    };

    private static string Trim(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…";
}

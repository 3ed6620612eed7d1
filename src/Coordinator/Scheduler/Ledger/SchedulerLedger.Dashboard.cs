using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>
/// The dashboard's read-only queries: a page of a run's derivations, its timeline with the critical path, the ready
/// queues and one derivation. Each answers from memory in one pass over the run (no journal, no state change).
/// </summary>
internal sealed partial class SchedulerLedger
{
    private const int MaxReasonLength = 300;

    private readonly BuildRecords _records = new();
    private readonly Dictionary<Shared.Protocol.RunId, DateTime> _runEnded = [];

    /// <summary>The answer to a dashboard query, or null when <paramref name="query"/> is none.</summary>
    public IAsterFarmMessage? Answer(IAsterFarmMessage query, LedgerTime now)
    {
        _now = now;
        return query switch
        {
            GetRunPage page => RunPageOf(page),
            GetRunTimeline timeline => TimelineOf(timeline),
            GetQueueReport queue => QueueOf(queue),
            GetDerivation derivation => DerivationOf(derivation.DrvPath),
            ListRunSummaries summaries => SummariesOf(summaries),
            GetRunStatus status => StatusOf(status.Run),
            ListRuns runs => RunsOf(runs),
            ListBuilders builders => BuilderStatuses.Of(_builders, _leases, _since, Math.Min(builders.Limit, ListBuilders.MaxBuilders)),
            _ => null,
        };
    }

    /// <summary>A run's status as the wire shows it, with its builds and failed tries.</summary>
    public Shared.Protocol.Runs.RunStatus StatusOf(Shared.Protocol.RunId id) =>
        _runs.TryGetValue(id, out var run) ? RunReport.Of(run, _core, _systems, _since, AttemptsOf) : RunReport.Unknown(id);

    private RunList RunsOf(ListRuns query)
    {
        var limit = Math.Clamp(query.Limit, 0, ListRuns.MaxRuns);
        var runs = Enumerable.Reverse(_runOrder).Take(limit).Select(run => RunReport.Of(run, _core, _systems, _since, attempts: null, withBuilds: false));
        return new RunList(ValueList.From(runs));
    }

    private RunSummaryList SummariesOf(ListRunSummaries query)
    {
        var limit = Math.Clamp(query.Limit, 0, ListRunSummaries.MaxRuns);
        var runs = Enumerable.Reverse(_runOrder).Take(limit).Select(run => SummaryOf(run, RunReport.Of(run, _core, _systems, _since, attempts: null, withBuilds: false).Systems));
        return new RunSummaryList(ValueList.From(runs));
    }

    /// <summary>The failed tries of <paramref name="id"/> the durable state keeps, oldest first.</summary>
    private IEnumerable<BuildAttempt> AttemptsOf(DerivationId id) =>
        _state.Attempts.TryGetValue(id.Value, out var attempts)
            ? attempts.Select(attempt => new BuildAttempt(StorePath.Parse(id.Value), attempt.Attempt, new NodeName(attempt.Node), attempt.Class, attempt.Reason, attempt.AtUtc))
            : [];

    /// <summary>Called for every state change a run sees: keeps each derivation's last dispatch for the timeline.</summary>
    private void RecordForDashboard(DerivationId id, BuildState state, NodeName? node)
    {
        if (state == BuildState.Running && node is { } builder)
        {
            var system = _systems.GetValueOrDefault(id, string.Empty);
            var native = _builders.TryGetValue(new Shared.Protocol.NodeName(builder.Value), out var entry) && entry.Capabilities.NativeSystems.Contains(system);
            _records.Dispatched(id, builder.Value, emulated: entry is not null && !native, UtcNow);
        }
        else if (state is BuildState.Built or BuildState.Failed or BuildState.Waiting or BuildState.Cancelled)
        {
            _records.Ended(id, UtcNow);
        }
    }

    private RunPage RunPageOf(GetRunPage query)
    {
        if (!_runs.TryGetValue(query.Run, out var run))
        {
            return new RunPage(query.Run, false, 0, 0, []);
        }

        // One pass: the page's matches and the run's counts per system (what the page's header shows).
        var states = query.States.Count == 0 ? null : query.States.ToHashSet();
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        var matching = new List<(int Rank, int Index)>();
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        for (var i = 0; i < run.Derivations.Count; i++)
        {
            var id = run.Derivations[i];
            if (_core.Describe(id) is not { } status)
            {
                continue;
            }

            var state = RunReport.StateOf(status, run.Cached.Contains(id));
            var system = _systems.GetValueOrDefault(id, "unknown");
            if (!counts.TryGetValue(system, out var row))
            {
                counts[system] = row = new int[5];
            }

            row[CountColumn(state)]++;
            if ((search is null || id.Value.Contains(search, StringComparison.OrdinalIgnoreCase)) && (states is null || states.Contains(state)))
            {
                matching.Add((PageRank(state), i));
            }
        }

        matching.Sort();
        var offset = Math.Clamp(query.Offset, 0, matching.Count);
        var page = matching.Skip(offset).Take(Math.Clamp(query.Limit, 0, GetRunPage.MaxLimit))
            .Select(match => EntryOf(run, run.Derivations[match.Index]));
        var systems = counts.Select(entry => new SystemProgress(entry.Key, entry.Value[0], entry.Value[1], entry.Value[2], entry.Value[3], entry.Value[4]));
        return new RunPage(run.Id, true, matching.Count, offset, ValueList.From(page), SummaryOf(run, ValueList.From(systems)));
    }

    private RunSummary SummaryOf(RunBook run, ValueList<SystemProgress> systems) => new(
        run.Id,
        run.State,
        run.CreatedAt.UtcDateTime,
        _runEnded.TryGetValue(run.Id, out var ended) ? ended : null,
        run.Submission.Priority,
        run.Roots.Count,
        run.Roots.Count > 0 ? run.Roots[0].BaseName : string.Empty,
        run.Derivations.Count,
        systems);

    /// <summary>The column of <see cref="SystemProgress"/> a state counts in, as in the run reports.</summary>
    private static int CountColumn(BuildState state) => state switch
    {
        BuildState.Planned => 0,
        BuildState.Waiting => 1,
        BuildState.Running => 2,
        BuildState.Built or BuildState.Cached => 3,
        _ => 4,
    };

    private RunPageEntry EntryOf(RunBook run, DerivationId id)
    {
        var status = _core.Describe(id)!;
        var state = RunReport.StateOf(status, run.Cached.Contains(id));
        var record = _records.Of(id);
        var reason = state == BuildState.Waiting && string.IsNullOrEmpty(status.Reason) ? RunReport.QueuedReason : status.Reason;
        var node = status.Node?.Value ?? record?.Node;
        return new RunPageEntry(
            StorePath.Parse(id.Value),
            _systems.GetValueOrDefault(id, "unknown"),
            state,
            node is null || state is BuildState.Cached or BuildState.Planned ? null : new NodeName(node),
            _since.GetValueOrDefault(id, run.CreatedAt.UtcDateTime),
            string.IsNullOrEmpty(reason) ? null : TrimReason(reason),
            record?.StartedUtc,
            record?.EndedUtc,
            record?.Emulated ?? false,
            state == BuildState.Failed ? record?.LogTail : null);
    }

    private RunTimeline TimelineOf(GetRunTimeline query)
    {
        var now = UtcNow;
        if (!_runs.TryGetValue(query.Run, out var run))
        {
            return new RunTimeline(query.Run, 0, now, []);
        }

        var built = run.Derivations
            .Where(id => !run.Cached.Contains(id))
            .Select(id => (Id: id, Record: _records.Of(id)))
            .Where(bar => bar.Record is not null && bar.Record.StartedUtc >= run.CreatedAt.UtcDateTime)
            .ToDictionary(bar => bar.Id, bar => bar.Record!);
        var critical = CriticalPath(built, now);
        var limit = Math.Clamp(query.Limit, 0, GetRunTimeline.MaxBars);
        var kept = built.Count <= limit
            ? built
            : built
                .OrderByDescending(bar => critical.Contains(bar.Key))
                .ThenByDescending(bar => (bar.Value.EndedUtc ?? now) - bar.Value.StartedUtc)
                .Take(limit)
                .ToDictionary();
        var bars = kept
            .OrderBy(bar => bar.Value.StartedUtc)
            .Select(bar => new TimelineBar(
                bar.Key.Value,
                new NodeName(bar.Value.Node),
                bar.Value.StartedUtc,
                bar.Value.EndedUtc,
                bar.Value.Emulated,
                critical.Contains(bar.Key),
                bar.Value.EndedUtc is null ? BuildState.Running
                    : _core.Describe(bar.Key)?.State == DerivationState.Failed ? BuildState.Failed
                    : BuildState.Built));
        return new RunTimeline(run.Id, built.Count, now, ValueList.From(bars));
    }

    /// <summary>
    /// From the build that ended last, back through the dependency each waited for longest (the one that ended last):
    /// the chain that set the run's length.
    /// </summary>
    private HashSet<DerivationId> CriticalPath(Dictionary<DerivationId, BuildRecord> bars, DateTime now)
    {
        var path = new HashSet<DerivationId>();
        if (bars.Count == 0)
        {
            return path;
        }

        DerivationId? current = bars.MaxBy(bar => bar.Value.EndedUtc ?? now).Key;
        while (current is { } id && path.Add(id))
        {
            current = _core.DependenciesOf(id)
                .Where(bars.ContainsKey)
                .Select(dependency => (DerivationId?)dependency)
                .MaxBy(dependency => bars[dependency!.Value].EndedUtc ?? now);
        }

        return path;
    }

    private QueueReport QueueOf(GetQueueReport query)
    {
        var take = Math.Clamp(query.PerSystem, 0, GetQueueReport.MaxPerSystem);
        var queues = _core.ReadyQueues(take);
        var systems = _core.SystemStatuses().Select(status =>
        {
            var queue = queues.GetValueOrDefault(status.System);
            var oldest = queue is null || queue.All.Count == 0 ? (DateTime?)null : queue.All.Min(ReadySince);
            return new QueueSystem(
                status.System,
                status.Counts.Planned,
                status.Counts.Ready,
                status.Counts.NoCapableBuilder,
                status.Counts.Running,
                oldest,
                ValueList.From(status.WaitingReasons.Select(reason => new QueueReason(reason.Reason, reason.Count))),
                ValueList.From((queue?.First ?? []).Select(queued => new QueuedBuild(StorePath.Parse(queued.Id.Value), queued.CriticalPath, queued.RunPriority, ReadySince(queued.Id)))));
        });
        return new QueueReport(ValueList.From(systems.Where(system => system.Planned + system.Ready + system.Waiting + system.Running > 0)));
    }

    /// <summary>When a ready derivation became ready: its last dependency's end, else when its first run was submitted.</summary>
    private DateTime ReadySince(DerivationId id)
    {
        var since = _core.DependenciesOf(id).Select(dependency => _since.TryGetValue(dependency, out var at) ? at : DateTime.MinValue).DefaultIfEmpty(DateTime.MinValue).Max();
        if (since > DateTime.MinValue)
        {
            return since;
        }

        return _runsOf.TryGetValue(id, out var runs) && runs.Count > 0 ? runs.Min(run => run.CreatedAt.UtcDateTime) : UtcNow;
    }

    private DerivationReport DerivationOf(StorePath drvPath)
    {
        var id = new DerivationId(drvPath.ToString());
        var runs = _runOrder.Where(run => run.Derivations.Contains(id)).ToList();
        if (_core.Describe(id) is not { } status || runs.Count == 0)
        {
            return new DerivationReport(drvPath, false, string.Empty, BuildState.Planned, null, DateTime.UnixEpoch, null, null, null, false, null, [], [], [], null);
        }

        var entry = EntryOf(runs[^1], id);
        var record = _records.Of(id);
        return new DerivationReport(
            drvPath,
            true,
            entry.System,
            entry.State,
            entry.Node,
            entry.SinceUtc,
            entry.Reason,
            entry.StartedUtc,
            entry.EndedUtc,
            entry.Emulated,
            record?.Timings,
            ValueList.From(_outputs.GetValueOrDefault(id) ?? []),
            ValueList.From(runs.Select(run => run.Id)),
            ValueList.From(AttemptsOf(id).TakeLast(ProtocolLimits.MaxPathsPerMessage)),
            status.State == DerivationState.Failed ? record?.LogTail : null);
    }

    private static int PageRank(BuildState state) => state switch
    {
        BuildState.Running => 0,
        BuildState.Failed => 1,
        BuildState.Waiting => 2,
        BuildState.DependencyFailed => 3,
        BuildState.Planned => 4,
        BuildState.Built => 5,
        BuildState.Cached => 6,
        _ => 7,
    };

    private static string TrimReason(string reason) => reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength] + "…";
}

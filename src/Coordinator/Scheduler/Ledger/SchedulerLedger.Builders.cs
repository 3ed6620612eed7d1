using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Scheduler.Ledger;

/// <summary>
/// Builders: registration, heartbeats and departure, leases that expire, and what builders report running against
/// what the scheduler counts. Builds under the builder's own leases are re-attached when the scheduler lost track of
/// them; all others (leases that expired while the node was cut off and were placed again, or that lost to a late
/// result) take one of its slots each until the builder reports them ended, so the node is not sent work it would refuse.
/// </summary>
internal sealed partial class SchedulerLedger
{
    private readonly Dictionary<NodeName, BuilderEntry> _builders = [];

    // Leases recovered from the journal whose builder has not re-registered yet, with their deadline.
    private readonly Dictionary<Shared.Protocol.LeaseId, DateTimeOffset> _detached = [];

    // Leases on a registered builder, with when it last named them running (dispatch, registration, heartbeat): the
    // liveness bound of a build even without a build timeout.
    private readonly Dictionary<Shared.Protocol.LeaseId, DateTimeOffset> _lastNamed = [];

    private void OnRegister(LedgerCommand.Register command)
    {
        var register = command.Registration;
        if (string.IsNullOrEmpty(register.Node.Value))
        {
            SchedulerLog.NamelessRegistration(_log, command.Incarnation);
            return;
        }

        var name = new NodeName(register.Node.Value);
        var known = _builders.GetValueOrDefault(name);
        if (known is not null && known.Incarnation != command.Incarnation)
        {
            // Another actor under a known name is a new incarnation (the process restarted, or another node took the
            // name): a builder re-registering always does so from its one node actor, whose ref (with its uid) lives as
            // long as the process. Nothing the previous incarnation ran can finish, so it is all placed again now.
            SchedulerLog.BuilderRestarted(_log, name, command.Incarnation, known.Incarnation);
            ForgetBuilder(name, FarmReasons.BuilderRestarted, mayStillReport: false);
            known = null;
        }

        // The same builder registering again with what it offered (it saw the singleton move, or its registration
        // reply was lost) keeps its running builds; anything else is a new registration that replaces the old one.
        if (known is null || !Equals(known.Capabilities, register.Capabilities))
        {
            // Builds it reports under its own leases are re-attached below, not lost with its previous registration.
            var reported = LeaseRules.SortReported(name, register.Running, _leases).Current.Select(lease => _leases[lease].Derivation).ToHashSet();
            foreach (var requeued in _core.BuilderJoined(BuilderSpecs.From(name, register.Capabilities)).Where(id => !reported.Contains(id)))
            {
                BuilderLost(requeued, FarmReasons.NodeLost, mayStillReport: false);
            }

            SchedulerLog.BuilderRegistered(
                _log,
                name, register.Capabilities.NativeSystems, register.Capabilities.EmulatedSystems, register.Capabilities.Slots);
        }

        _builders[name] = new BuilderEntry(command.Incarnation, command.Address, register.Capabilities) { LastHeard = _now.Utc, Uncounted = known?.Uncounted ?? [] };
        _step.Do(new LedgerEffect.WatchBuilder(name.Value, command.Incarnation));
        _step.Do(new LedgerEffect.Reply(new BuilderRegistered(register.Node, _options.HeartbeatInterval)));
        Reclaim(name, register.Running);
        TakeReported(name, register.Running);
        _step.WantSchedule();
    }

    private void OnHeartbeat(LedgerCommand.Heartbeat command)
    {
        var heartbeat = command.Beat;
        if (string.IsNullOrEmpty(heartbeat.Node.Value))
        {
            return;
        }

        var name = new NodeName(heartbeat.Node.Value);
        if (_builders.TryGetValue(name, out var builder) && builder.Incarnation != command.Incarnation)
        {
            // A previous incarnation still talking (cut off while its successor registered): it holds no leases here.
            return;
        }

        if (builder is not null)
        {
            builder.LastHeard = _now.Utc;
            builder.RemoteMachines = heartbeat.RemoteMachines;
            TakeReported(name, heartbeat.Running);
            return;
        }

        // Dropped after going silent (or never registered here): the builder registers again with what it runs.
        _step.Do(new LedgerEffect.Reply(new BuilderUnknown(heartbeat.Node, "this scheduler does not know the node (its leases expired, or the scheduler moved)")));
    }

    private void OnBuilderLeft(string incarnation)
    {
        foreach (var (name, builder) in _builders)
        {
            if (builder.Incarnation == incarnation)
            {
                SchedulerLog.BuilderLeft(_log, name);
                ForgetBuilder(name, FarmReasons.NodeLost, mayStillReport: false);
                return;
            }
        }
    }

    /// <summary>The builder is gone (stopped, restarted, or silent past the lease timeout): its builds are placed again once their failed tries are journaled.</summary>
    private void ForgetBuilder(NodeName name, string reason, bool mayStillReport)
    {
        if (_builders.Remove(name, out var builder))
        {
            _step.Do(new LedgerEffect.ForgetBuilder(builder.Incarnation));
        }

        foreach (var requeued in _core.BuilderLeft(name))
        {
            BuilderLost(requeued, reason, mayStillReport);
        }
    }

    /// <summary>
    /// A build whose builder was lost (the core has queued it again) counts as an infrastructure failure: it is placed
    /// again at once, or given up after too many.
    /// </summary>
    private void BuilderLost(DerivationId id, string reason, bool mayStillReport)
    {
        if (_leaseOf.TryGetValue(id, out var lease))
        {
            EndTry(lease, FailureClass.Infrastructure, reason, mayStillReport);
        }
    }

    /// <summary>Builders silent for longer than the lease timeout are dropped (their leases requeued); unclaimed recovered leases are requeued.</summary>
    private void ExpireLeases()
    {
        var now = _now.Utc;
        var heard = _builders.ToDictionary(builder => builder.Key, builder => builder.Value.LastHeard);
        foreach (var silent in LeaseRules.Silent(heard, now, _options.LeaseTimeout))
        {
            SchedulerLog.BuilderSilent(_log, silent, _options.LeaseTimeout);
            ForgetBuilder(silent, FarmReasons.BuilderSilent, mayStillReport: true);
        }

        foreach (var lease in LeaseRules.Unclaimed(_detached, now))
        {
            EndTry(lease, FailureClass.Infrastructure, FarmReasons.NotReclaimed, mayStillReport: true);
            _detached.Remove(lease);
        }

        foreach (var lease in LeaseRules.Unreported(_lastNamed, now, _options.LeaseTimeout))
        {
            if (_leases.TryGetValue(lease, out var entry) && !_detached.ContainsKey(lease))
            {
                SchedulerLog.LeaseUnreported(_log, entry.Derivation, entry.Node, lease, _options.LeaseTimeout);
                EndTry(lease, FailureClass.Infrastructure, FarmReasons.NotReported, mayStillReport: true);
            }

            _lastNamed.Remove(lease);
        }
    }

    /// <summary>The builder named <paramref name="lease"/> as running (or it was just dispatched): its liveness bound starts again.</summary>
    private void Named(Shared.Protocol.LeaseId lease) => _lastNamed[lease] = _now.Utc;

    /// <summary>A builder registering after recovery takes back the recovered leases it reports running; the others end now.</summary>
    private void Reclaim(NodeName builder, IEnumerable<RunningBuild> running)
    {
        if (_detached.Count == 0)
        {
            return;
        }

        var recovered = _detached.Keys.Where(_leases.ContainsKey).ToDictionary(id => id, id => _leases[id]);
        var (attach, requeue) = LeaseRules.Reclaim(builder, running, recovered);
        foreach (var lease in attach)
        {
            var derivation = _leases[lease].Derivation;
            if (_core.Attach(derivation, builder, Now))
            {
                _detached.Remove(lease);
                Named(lease);
                SchedulerLog.Reattached(_log, derivation, builder, lease);
                Emit(derivation, BuildState.Running, null, new Shared.Protocol.NodeName(builder.Value));
            }
        }

        foreach (var lease in requeue)
        {
            EndTry(lease, FailureClass.Infrastructure, FarmReasons.NotReclaimed, mayStillReport: false);
        }
    }

    /// <summary>Re-attaches the builder's own reported builds the core does not have running on it, then counts the rest.</summary>
    private void TakeReported(NodeName name, IEnumerable<RunningBuild> reported)
    {
        if (!_builders.TryGetValue(name, out var builder))
        {
            return;
        }

        var (current, uncounted) = LeaseRules.SortReported(name, reported, _leases);
        foreach (var lease in current)
        {
            if (!_detached.ContainsKey(lease))
            {
                Named(lease);
            }

            var derivation = _leases[lease].Derivation;
            if (!_detached.ContainsKey(lease) && !RunsOn(derivation, name) && _core.Reattach(derivation, name, Now))
            {
                SchedulerLog.Reattached(_log, derivation, name, lease);
                Emit(derivation, BuildState.Running, null, new Shared.Protocol.NodeName(name.Value));
            }
        }

        Uncounted(name, builder, uncounted);
    }

    /// <summary>A result (or failure) arrived from the builder: if it ends one of its uncounted builds, that slot frees.</summary>
    private void UncountedEnded(Shared.Protocol.NodeName node, Shared.Protocol.LeaseId lease)
    {
        var name = new NodeName(node.Value);
        if (_builders.TryGetValue(name, out var builder) && builder.Uncounted.Any(build => build.Lease == lease))
        {
            Uncounted(name, builder, [.. builder.Uncounted.Where(build => build.Lease != lease)]);
        }
    }

    /// <summary>
    /// A late result of an expired lease of <paramref name="derivation"/> came first: the build placed again under
    /// <paramref name="superseded"/> is stopped, and its slot stays taken until its builder reports it ended.
    /// </summary>
    private void StopSuperseded(DerivationId derivation, Shared.Protocol.LeaseId superseded, LeaseEntry lease)
    {
        if (!_builders.TryGetValue(lease.Node, out var builder))
        {
            return;
        }

        SchedulerLog.Superseded(_log, derivation, lease.Node, superseded);
        _step.Do(new LedgerEffect.SendToBuilder(lease.Node.Value, new CancelBuild(superseded, FarmReasons.Superseded)));
        var running = new RunningBuild(superseded, Shared.Store.StorePath.Parse(derivation.Value), _since.GetValueOrDefault(derivation));
        Uncounted(lease.Node, builder, [.. builder.Uncounted.Where(build => build.Lease != superseded), running]);
    }

    private void Uncounted(NodeName name, BuilderEntry builder, IReadOnlyList<RunningBuild> uncounted)
    {
        if (uncounted.Count != builder.Uncounted.Count)
        {
            SchedulerLog.UncountedBuilds(_log, name, uncounted.Count);
        }

        if (uncounted.Count < builder.Uncounted.Count)
        {
            // A slot freed: placement need not wait for the next tick.
            _step.WantSchedule();
        }

        builder.Uncounted = uncounted;
        _core.SetUncountedBuilds(name, uncounted.Count);
    }

    private bool RunsOn(DerivationId derivation, NodeName name) =>
        _core.Describe(derivation) is { State: DerivationState.Running } status && status.Node == name;
}

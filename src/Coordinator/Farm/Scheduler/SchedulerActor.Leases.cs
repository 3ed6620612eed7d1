using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using NodeName = AsterFarm.Coordinator.Scheduling.Identifiers.NodeName;

namespace AsterFarm.Coordinator.Farm.Scheduler;

internal sealed partial class SchedulerActor
{
    // Leases recovered from the journal whose builder has not re-registered yet, with their deadline.
    private readonly Dictionary<LeaseId, DateTimeOffset> _detached = [];

    // Leases on a registered builder, with when it last named them running (dispatch, registration, heartbeat): the
    // liveness bound of a build even without a build timeout.
    private readonly Dictionary<LeaseId, DateTimeOffset> _lastNamed = [];

    /// <summary>Builders silent for longer than the lease timeout are dropped (their leases requeued); unclaimed recovered leases are requeued.</summary>
    private void ExpireLeases()
    {
        var now = _time.GetUtcNow();
        var heard = _builders.ToDictionary(builder => builder.Key, builder => builder.Value.LastHeard);
        foreach (var silent in LeaseRules.Silent(heard, now, _options.LeaseTimeout))
        {
            var builder = _builders[silent];
            SchedulerLog.BuilderSilent(_log, silent, _options.LeaseTimeout);
            ForgetBuilder(silent, builder.Actor, FarmReasons.BuilderSilent, mayStillReport: true);
        }

        foreach (var lease in LeaseRules.Unclaimed(_detached, now))
        {
            TryFailed(lease, FailureClass.Infrastructure, FarmReasons.NotReclaimed, mayStillReport: true);
            _detached.Remove(lease);
        }

        foreach (var lease in LeaseRules.Unreported(_lastNamed, now, _options.LeaseTimeout))
        {
            if (_leases.TryGetValue(lease, out var entry) && !_detached.ContainsKey(lease))
            {
                SchedulerLog.LeaseUnreported(_log, entry.Derivation, entry.Node, lease, _options.LeaseTimeout);
                TryFailed(lease, FailureClass.Infrastructure, FarmReasons.NotReported, mayStillReport: true);
            }

            _lastNamed.Remove(lease);
        }
    }

    /// <summary>The builder named <paramref name="lease"/> as running (or it was just dispatched): its liveness bound starts again.</summary>
    private void Named(LeaseId lease) => _lastNamed[lease] = _time.GetUtcNow();

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
            TryFailed(lease, FailureClass.Infrastructure, FarmReasons.NotReclaimed, mayStillReport: false);
        }
    }
}

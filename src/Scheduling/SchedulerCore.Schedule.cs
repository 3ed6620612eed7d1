using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    // Bounds the derivations one call may look at and leave queued beyond one per slot, so a queue nobody idle
    // can take is not rescanned in full on every event.
    private const int ExtraLookahead = 64;

    private readonly List<(int Node, ReadyKey Key)> _deferred = [];
    private List<BuilderState>[]? _candidates;
    private long _scheduleCall;

    /// <summary>
    /// The dispatches to make now: ready derivations in priority order, each to the slot with the earliest estimated
    /// finish (free time + build time at the slot's speed + time to fetch missing inputs). When that slot is busy the
    /// derivation is promised to it and starts there when it frees, so a slower idle slot does not take it; a promise
    /// to a slot whose build overruns its estimate is withdrawn and the derivation placed again. Only idle slots of
    /// live builders receive work; the caller starts the builds.
    /// </summary>
    /// <param name="now">The current time, in seconds on the caller's monotonic clock.</param>
    public IReadOnlyList<Dispatch> Schedule(double now)
    {
        var dispatches = new List<Dispatch>();
        _scheduleCall++;
        var candidates = _candidates ??= BuildCandidates();
        ReleaseDueRetries(now);
        KeepPromises(now, dispatches);
        var idle = new int[_systems.Count];
        var lookahead = ExtraLookahead;
        foreach (var builder in _builders)
        {
            if (builder.Alive && builder.IdleSlots > 0)
            {
                AddIdle(idle, builder, builder.IdleSlots);
            }

            lookahead += builder.Alive ? builder.Running.Length : 0;
        }

        _deferred.Clear();
        for (var looked = 0; looked < lookahead; looked++)
        {
            var system = NextSystem(idle);
            if (system < 0)
            {
                break;
            }

            _ready[system].TryDequeue(out var index, out var key);
            var node = _nodes[index];
            if (node.State != DerivationState.Ready)
            {
                continue;
            }

            var choice = _placement.Place(node, candidates[system], now);
            if (choice.Builder is not { } builder)
            {
                _deferred.Add((index, key));
                continue;
            }

            if (!choice.Idle)
            {
                // Promised to a busy slot that finishes it sooner: out of the ready queue until that slot frees.
                builder.EarliestStamp = 0;
                Promise(node, builder, choice.Slot, choice.Finish);
                continue;
            }

            var dispatch = Start(node, builder, choice.Slot, now, choice.BuildSeconds, choice.TransferSeconds);
            dispatches.Add(dispatch);
            AddIdle(idle, _builders[node.Builder], -1);
        }

        foreach (var (index, key) in _deferred)
        {
            _ready[_nodes[index].System].Enqueue(index, key);
        }

        return dispatches;
    }

    /// <summary>The system whose queue head goes first, among systems some idle slot can build; -1 when none.</summary>
    private int NextSystem(int[] idle)
    {
        var best = -1;
        var bestKey = default(ReadyKey);
        for (var system = 0; system < idle.Length; system++)
        {
            if (idle[system] > 0 && _ready[system].TryPeek(out _, out var key) && (best < 0 || ReadyKey.Compare(key, bestKey) < 0))
            {
                best = system;
                bestKey = key;
            }
        }

        return best;
    }

    /// <summary>
    /// The slot of <paramref name="builder"/> that frees first, computed once per call and again only after the
    /// builder's slots change. A build past its estimate is expected to run as long again as it has so far
    /// (durations are heavy-tailed), rather than to end this instant.
    /// </summary>
    internal (int Slot, double Free, bool Idle) EarliestSlot(BuilderState builder, double now)
    {
        if (builder.EarliestStamp != _scheduleCall)
        {
            builder.Earliest = ComputeEarliestSlot(builder, now);
            builder.EarliestStamp = _scheduleCall;
        }

        return builder.Earliest;
    }

    private (int Slot, double Free, bool Idle) ComputeEarliestSlot(BuilderState builder, double now)
    {
        var bestSlot = -1;
        var bestFree = double.PositiveInfinity;
        for (var slot = 0; slot < builder.Running.Length; slot++)
        {
            double free;
            if (builder.Promised[slot] is { Count: > 0 })
            {
                free = builder.PromisedFinish[slot];
            }
            else if (builder.Running[slot] == BuilderState.Free)
            {
                return (slot, now, true);
            }
            else if (builder.Running[slot] == BuilderState.Occupied)
            {
                // Nobody knows when a build the scheduler does not count ends: nothing is promised to its slot.
                continue;
            }
            else
            {
                var estimated = builder.EstimatedFree[slot];
                free = estimated > now ? estimated : now + (now - _nodes[builder.Running[slot]].StartedAt);
            }

            if (free < bestFree)
            {
                (bestSlot, bestFree) = (slot, free);
            }
        }

        return (bestSlot, bestFree, false);
    }

    /// <summary>The estimated time for <paramref name="builder"/> to fetch the inputs of <paramref name="node"/> it lacks.</summary>
    internal double TransferSeconds(DerivationNode node, BuilderState builder) => MissingInputBytes(node, builder) / _options.TransferBytesPerSecond;

    private static double MissingInputBytes(DerivationNode node, BuilderState builder)
    {
        if (node.InputBytes == 0)
        {
            return 0;
        }

        long missing = 0;
        var dependencies = node.Dependencies;
        for (var i = 0; i < dependencies.Length; i++)
        {
            if (!builder.Holds(dependencies[i]))
            {
                missing += node.DependencyBytes[i];
            }
        }

        return missing;
    }

    private Dispatch Start(DerivationNode node, BuilderState builder, int slot, double now, double build, double transfer)
    {
        SetState(node, DerivationState.Running);
        node.Builder = builder.Index;
        node.Slot = slot;
        node.StartedAt = now;
        builder.Running[slot] = node.Index;
        builder.EstimatedFree[slot] = now + build + transfer;
        builder.IdleSlots--;
        builder.EarliestStamp = 0;
        // The builder fetches the inputs it lacks, so it holds them afterwards.
        foreach (var dependency in node.Dependencies)
        {
            builder.MarkHeld(dependency);
        }

        return new Dispatch(node.Id, builder.Spec.Name, slot, builder.Emulated[node.System], build, transfer);
    }

    private List<BuilderState>[] BuildCandidates()
    {
        var candidates = new List<BuilderState>[_systems.Count];
        for (var system = 0; system < candidates.Length; system++)
        {
            candidates[system] = _builders.Where(builder => builder.Alive && builder.SpeedFor(system) > 0).ToList();
        }

        return candidates;
    }

    private static void AddIdle(int[] idle, BuilderState builder, int delta)
    {
        for (var system = 0; system < idle.Length; system++)
        {
            if (builder.SpeedFor(system) > 0)
            {
                idle[system] += delta;
            }
        }
    }
}

using AsterFarm.Scheduling.Core;
using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;

namespace AsterFarm.Scheduling;

public sealed partial class SchedulerCore
{
    // Busy slots that ready derivations wait for (promised to them, out of the ready queues meanwhile). Promises
    // are kept across calls so that each event does not redo the same reservations.
    private readonly List<(BuilderState Builder, int Slot)> _promisedSlots = [];

    private void Promise(DerivationNode node, BuilderState builder, int slot, double finish)
    {
        var waiting = builder.Promised[slot] ??= [];
        if (waiting.Count == 0)
        {
            _promisedSlots.Add((builder, slot));
        }

        waiting.Add(node.Index);
        node.PromisedTo = builder.Index;
        builder.PromisedFinish[slot] = finish;
    }

    /// <summary>
    /// Starts the first derivation promised to each slot that has freed; withdraws the promises to dead builders and
    /// to slots whose build overruns its estimate (they go back to the ready queues).
    /// </summary>
    private void KeepPromises(double now, List<Dispatch> dispatches)
    {
        for (var i = _promisedSlots.Count - 1; i >= 0; i--)
        {
            var (builder, slot) = _promisedSlots[i];
            var waiting = builder.Promised[slot]!;
            var idle = builder.Alive && builder.Running[slot] == BuilderState.Free;
            if (idle)
            {
                var node = _nodes[waiting[0]];
                waiting.RemoveAt(0);
                node.PromisedTo = -1;
                if (node.State == DerivationState.Ready)
                {
                    var build = Estimator.Seconds(node.EstimateKey, builder.MachineClass, builder.Speeds[node.System], node.PriorSeconds);
                    dispatches.Add(Start(node, builder, slot, now, build, MissingInputBytes(node, builder) / _options.TransferBytesPerSecond));
                }
            }
            else if (!builder.Alive || builder.EstimatedFree[slot] < now)
            {
                foreach (var index in waiting)
                {
                    _nodes[index].PromisedTo = -1;
                    _ready[_nodes[index].System].Enqueue(index, KeyOf(_nodes[index]));
                }

                waiting.Clear();
            }

            if (waiting.Count == 0)
            {
                _promisedSlots[i] = _promisedSlots[^1];
                _promisedSlots.RemoveAt(_promisedSlots.Count - 1);
            }
        }
    }

    /// <summary>Withdraws every promise before the ready queues are rebuilt from the ready derivations, promised ones included.</summary>
    private void WithdrawPromises()
    {
        foreach (var (builder, slot) in _promisedSlots)
        {
            foreach (var index in builder.Promised[slot]!)
            {
                _nodes[index].PromisedTo = -1;
            }

            builder.Promised[slot]!.Clear();
        }

        _promisedSlots.Clear();
    }
}

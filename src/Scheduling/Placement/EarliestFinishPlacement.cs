using AsterFarm.Scheduling.Core;

namespace AsterFarm.Scheduling.Placement;

/// <summary>
/// <see cref="SchedulingPolicy.CriticalPath"/>'s placement: the slot with the earliest estimated finish (free time +
/// build time at the slot's speed + time to fetch missing inputs), even a busy one that frees sooner than an idle,
/// slower one would finish; ties go to an idle slot, then to the node holding more inputs.
/// </summary>
internal sealed class EarliestFinishPlacement(SchedulerCore core) : IPlacement
{
    public PlacementChoice Place(DerivationNode node, List<BuilderState> candidates, double now)
    {
        var best = PlacementChoice.None;
        var bestFinish = double.PositiveInfinity;
        var reference = core.Estimator.ReferenceSeconds(node.EstimateKey, node.PriorSeconds);
        var byClass = core.Estimator.HasClassHistory(node.EstimateKey);
        var avoid = SchedulerCore.AvoidedAmong(node, candidates);
        foreach (var builder in candidates)
        {
            if ((node.Features & ~builder.Features) != 0 || avoid?.Contains(builder.Index) == true)
            {
                continue;
            }

            var (slot, free, idle) = core.EarliestSlot(builder, now);
            var build = byClass
                ? core.Estimator.Seconds(node.EstimateKey, builder.MachineClass, builder.Speeds[node.System], node.PriorSeconds)
                : reference / builder.Speeds[node.System];
            if (free + build > bestFinish)
            {
                continue;
            }

            var transfer = core.TransferSeconds(node, builder);
            var finish = free + build + transfer;
            // Ties: an idle slot over a busy one that may free now, then the node holding more inputs (locality).
            if (finish < bestFinish || (finish == bestFinish && ((idle && !best.Idle) || (idle == best.Idle && transfer < best.TransferSeconds))))
            {
                best = new PlacementChoice(builder, slot, idle, build, transfer, finish);
                bestFinish = finish;
            }
        }

        return best;
    }
}

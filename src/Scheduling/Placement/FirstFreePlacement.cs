using AsterFarm.Scheduling.Core;

namespace AsterFarm.Scheduling.Placement;

/// <summary><see cref="SchedulingPolicy.Fifo"/>'s placement, what Nix and Hydra do: the first idle slot, native before emulated.</summary>
internal sealed class FirstFreePlacement(SchedulerCore core) : IPlacement
{
    public PlacementChoice Place(DerivationNode node, List<BuilderState> candidates, double now)
    {
        var avoid = SchedulerCore.AvoidedAmong(node, candidates);
        for (var pass = 0; pass < 2; pass++)
        {
            var emulated = pass == 1;
            foreach (var builder in candidates)
            {
                if (builder.IdleSlots == 0 || builder.Emulated[node.System] != emulated || (node.Features & ~builder.Features) != 0 || avoid?.Contains(builder.Index) == true)
                {
                    continue;
                }

                var slot = Array.IndexOf(builder.Running, BuilderState.Free);
                var build = core.Estimator.Seconds(node.EstimateKey, builder.MachineClass, builder.Speeds[node.System], node.PriorSeconds);
                var transfer = core.TransferSeconds(node, builder);
                return new PlacementChoice(builder, slot, true, build, transfer, now + build + transfer);
            }
        }

        return PlacementChoice.None;
    }
}

using AsterFarm.Scheduling.Core;

namespace AsterFarm.Scheduling.Placement;

/// <summary>
/// Where a ready derivation goes: one of the policies of <see cref="SchedulingPolicy"/>. Chooses only; the core starts
/// the build on the chosen idle slot or promises the derivation to the chosen busy one.
/// </summary>
internal interface IPlacement
{
    /// <summary>The slot for <paramref name="node"/> among the live <paramref name="candidates"/> offering its system at <paramref name="now"/>; none when no candidate can take it.</summary>
    PlacementChoice Place(DerivationNode node, List<BuilderState> candidates, double now);
}

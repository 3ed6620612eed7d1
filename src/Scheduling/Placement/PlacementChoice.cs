using AsterFarm.Scheduling.Core;

namespace AsterFarm.Scheduling.Placement;

/// <summary>A placement's answer: the builder and slot (none when <see cref="Builder"/> is null), whether it is idle now, and the estimates.</summary>
internal readonly record struct PlacementChoice(BuilderState? Builder, int Slot, bool Idle, double BuildSeconds, double TransferSeconds, double Finish)
{
    public static PlacementChoice None => default;
}

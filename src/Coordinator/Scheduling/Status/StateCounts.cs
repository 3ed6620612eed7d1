namespace AsterFarm.Coordinator.Scheduling.Status;

/// <summary>How many derivations are in each state.</summary>
public sealed record StateCounts(int Planned, int Ready, int Waiting, int Running, int Done, int Failed)
{
    public int Total => Planned + Ready + Waiting + Running + Done + Failed;

    /// <summary>True when nothing is left to do: every derivation is done or failed.</summary>
    public bool IsFinished => Planned + Ready + Waiting + Running == 0;
}

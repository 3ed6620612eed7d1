namespace AsterFarm.Scheduling.Status;

/// <summary>How many derivations are in each state (<see cref="DerivationState"/>).</summary>
public sealed record StateCounts(int Planned, int Ready, int NoCapableBuilder, int Running, int Done, int Failed)
{
    public int Total => Planned + Ready + NoCapableBuilder + Running + Done + Failed;

    /// <summary>True when nothing is left to do: every derivation is done or failed.</summary>
    public bool IsFinished => Planned + Ready + NoCapableBuilder + Running == 0;
}

namespace AsterFarm.Scheduling.Placement;

/// <summary>How ready derivations are ordered and placed.</summary>
public enum SchedulingPolicy
{
    /// <summary>Critical path first, then run priority; each goes to the slot with the earliest estimated finish, even if that means waiting for a busy fast slot.</summary>
    CriticalPath,

    /// <summary>What Nix and Hydra do: arrival order, the first free slot, native before emulated; the baseline of the simulator.</summary>
    Fifo,
}

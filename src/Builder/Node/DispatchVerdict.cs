namespace AsterFarm.Builder.Node;

/// <summary>What the node does with a <see cref="Shared.Protocol.Builds.DispatchBuild"/>.</summary>
public enum DispatchVerdict
{
    /// <summary>Start it in a free slot.</summary>
    Start,

    /// <summary>The lease is already running here (a resent dispatch): confirm it again, start nothing.</summary>
    AlreadyRunning,

    /// <summary>Refuse it (no free slot, system not offered): the scheduler places it elsewhere.</summary>
    Refuse,
}

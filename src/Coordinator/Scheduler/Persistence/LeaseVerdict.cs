namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>How a build result naming a lease is treated.</summary>
public enum LeaseVerdict
{
    /// <summary>The lease is in flight: the result counts.</summary>
    Current,

    /// <summary>The lease expired but its derivation is still unfinished: the result counts, once.</summary>
    Late,

    /// <summary>Unknown lease, already reported, or its derivation finished meanwhile: ignored.</summary>
    Stale,
}

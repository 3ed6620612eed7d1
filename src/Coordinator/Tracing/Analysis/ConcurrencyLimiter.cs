namespace AsterFarm.Coordinator.Tracing.Analysis;

/// <summary>What kept steps from running at once.</summary>
public enum ConcurrencyLimiter
{
    /// <summary>Steps waited for their dependencies: the DAG's shape.</summary>
    GraphShape,

    /// <summary>Steps were ready but a system's slots were all busy (or a native slot was worth waiting for).</summary>
    SystemSlots,

    /// <summary>Steps were ready but no builder offered their system with the features they require.</summary>
    BuilderCapability,
}

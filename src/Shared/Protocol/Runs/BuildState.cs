namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Where one derivation of a run is. Values are part of the wire format: never renumber.</summary>
public enum BuildState
{
    /// <summary>Dependencies not built yet.</summary>
    Planned = 1,

    /// <summary>Ready, but no live builder can take it (the reason says why) or all slots are busy.</summary>
    Waiting = 2,

    Running = 3,
    Built = 4,

    /// <summary>Its outputs were already in the cache: never dispatched.</summary>
    Cached = 5,

    Failed = 6,
    DependencyFailed = 7,
    Cancelled = 8,
}

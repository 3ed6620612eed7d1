namespace AsterFarm.Scheduling.Status;

/// <summary>Where a derivation stands.</summary>
public enum DerivationState
{
    /// <summary>Waiting for dependencies to finish.</summary>
    Planned,

    /// <summary>Dependencies done, queued for a slot.</summary>
    Ready,

    /// <summary>
    /// Dependencies done but no live builder offers its system and features; see the reason. (Not the wire's
    /// <c>BuildState.Waiting</c>, which also covers ready derivations waiting for a slot.)
    /// </summary>
    NoCapableBuilder,

    /// <summary>Dispatched to a builder slot.</summary>
    Running,

    /// <summary>Built, or found in the cache.</summary>
    Done,

    /// <summary>Failed, or a dependency failed; see the reason.</summary>
    Failed,
}

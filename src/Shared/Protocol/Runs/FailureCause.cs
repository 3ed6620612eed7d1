namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Why a derivation failed, as data (the reason text is for people). Values are part of the wire format: never renumber.</summary>
public enum FailureCause
{
    /// <summary>Its own build failed for good (a build failure, or too many infrastructure failures).</summary>
    Build = 1,

    /// <summary>A dependency failed, so it was never tried.</summary>
    Dependency = 2,

    /// <summary>Its run was cancelled (or stopped after a failure without keep-going) and no other run needed it.</summary>
    Cancelled = 3,
}

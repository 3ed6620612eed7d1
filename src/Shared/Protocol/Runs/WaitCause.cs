namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>Why a derivation that is not running waits, as data (the reason text is for people). Values are part of the wire format: never renumber.</summary>
public enum WaitCause
{
    /// <summary>It does not wait (running or finished), or nothing is known.</summary>
    None = 0,

    /// <summary>Its dependencies are not built yet.</summary>
    Dependencies = 1,

    /// <summary>A try failed and it waits out the retry's back-off.</summary>
    RetryBackoff = 2,

    /// <summary>No live builder offers its system with the features it requires.</summary>
    NoCapableBuilder = 3,

    /// <summary>Ready, and every slot that could build it is busy.</summary>
    SlotsBusy = 4,

    /// <summary>Ready and promised to a busy slot that is estimated to finish it sooner than an idle, slower one.</summary>
    PromisedToFasterSlot = 5,

    /// <summary>Recovered with a lease in flight: held until its builder claims it or the lease expires.</summary>
    AwaitingClaim = 6,
}

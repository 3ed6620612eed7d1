namespace AsterFarm.Coordinator.Scheduler;

/// <summary>What a failed try of a derivation leads to.</summary>
internal enum RetryVerdict
{
    /// <summary>Place it again, on another builder if one can take it, after the decision's delay.</summary>
    Retry,

    /// <summary>It fails for good (too many infrastructure failures): not cached, a later run tries again.</summary>
    Fail,

    /// <summary>The derivation itself failed: it fails and the failure is cached.</summary>
    FailAndCache,
}

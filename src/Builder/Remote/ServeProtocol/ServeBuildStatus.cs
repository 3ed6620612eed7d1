namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>Nix's <c>BuildResult::Status</c>; the numbers are the wire values (only ever appended to).</summary>
public enum ServeBuildStatus : ulong
{
    Built = 0,
    Substituted = 1,
    AlreadyValid = 2,
    PermanentFailure = 3,
    InputRejected = 4,
    OutputRejected = 5,
    TransientFailure = 6,
    CachedFailure = 7,
    TimedOut = 8,
    MiscFailure = 9,
    DependencyFailed = 10,
    LogLimitExceeded = 11,
    NotDeterministic = 12,
    ResolvesToAlreadyValid = 13,
    NoSubstituters = 14,
}

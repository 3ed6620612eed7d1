using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Realisation;

/// <summary>Why a realisation failed.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Message">One or more lines for the user, in Nix's wording where Nix has one.</param>
/// <param name="LogTail">The end of the build log, when the builder ran.</param>
public sealed record RealisationFailure(FailureKind Kind, string Message, string? LogTail = null)
{
    /// <summary>Whether to retry (<see cref="FailureClass.Infrastructure"/>), re-place or give up.</summary>
    public FailureClass Class => Kind switch
    {
        FailureKind.Unsupported => FailureClass.Refused,
        FailureKind.CacheUnavailable or FailureKind.InputUnavailable or FailureKind.OutOfDisk or FailureKind.SandboxFailed or FailureKind.RemoteMachineFailed => FailureClass.Infrastructure,
        _ => FailureClass.Build,
    };

    public override string ToString() => Message;
}

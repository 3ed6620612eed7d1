using AsterFarm.Shared.Nar;

namespace AsterFarm.Shared.BinaryCache;

/// <summary>The outcome of a NAR download: verified, absent, or what differed from the narinfo.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Received">The NarHash and NarSize of what was received, when it was a NAR.</param>
/// <param name="Message">For <see cref="NarDownloadStatus.Mismatch"/> and <see cref="NarDownloadStatus.NotFound"/>: what is wrong.</param>
public sealed record NarDownloadResult(NarDownloadStatus Status, NarHashAndSize? Received, string? Message)
{
    public bool IsVerified => Status == NarDownloadStatus.Verified;
}

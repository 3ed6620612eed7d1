using MessagePack;

namespace AsterFarm.Shared.Protocol.Runs;

/// <summary>How a run treats earlier failures and its own.</summary>
/// <param name="RebuildFailed">Build derivations again even if they failed recently (cached failures are ignored).</param>
/// <param name="KeepGoing">Keep building what does not depend on a failure (Nix's <c>--keep-going</c>).</param>
[MessagePackObject]
public sealed record RunOptions(
    [property: Key(0)] bool RebuildFailed,
    [property: Key(1)] bool KeepGoing)
{
    public static RunOptions Default { get; } = new(RebuildFailed: false, KeepGoing: true);
}

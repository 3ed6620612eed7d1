namespace AsterFarm.Builder.Remote.ServeProtocol;

/// <summary>
/// The build settings sent after a derivation (Nix's <c>putBuildSettings</c>); zero means "no limit". Which fields go
/// on the wire depends on the peer's minor version.
/// </summary>
/// <param name="MaxSilentTime">Seconds without output before the build is killed.</param>
/// <param name="Timeout">Seconds before the build is killed.</param>
/// <param name="MaxLogSize">Bytes of log before the build is killed (minor ≥ 2).</param>
/// <param name="BuildRepeat">Extra rounds to check determinism (minor ≥ 3).</param>
/// <param name="EnforceDeterminism">Whether differing rounds fail the build (minor ≥ 3).</param>
/// <param name="KeepFailed">Whether the remote keeps a failed build's directory (minor ≥ 7).</param>
public sealed record ServeBuildOptions(
    ulong MaxSilentTime = 0,
    ulong Timeout = 0,
    ulong MaxLogSize = 0,
    ulong BuildRepeat = 0,
    bool EnforceDeterminism = false,
    bool KeepFailed = false)
{
    public async ValueTask WriteAsync(ServeWriter writer, int minor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(MaxSilentTime, cancellationToken).ConfigureAwait(false);
        await writer.WriteAsync(Timeout, cancellationToken).ConfigureAwait(false);
        if (minor >= 2)
        {
            await writer.WriteAsync(MaxLogSize, cancellationToken).ConfigureAwait(false);
        }

        if (minor >= 3)
        {
            await writer.WriteAsync(BuildRepeat, cancellationToken).ConfigureAwait(false);
            await writer.WriteAsync(EnforceDeterminism, cancellationToken).ConfigureAwait(false);
        }

        if (minor >= 7)
        {
            await writer.WriteAsync(KeepFailed, cancellationToken).ConfigureAwait(false);
        }
    }
}

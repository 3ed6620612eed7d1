namespace AsterFarm.Builder.Sandbox.Logging;

/// <summary>
/// Receives a build's log as it is produced (stdout and stderr of the builder, interleaved as written).
/// Chunks arrive in order from one reader; a chunk's memory is only valid during the call.
/// </summary>
public interface IBuildLogSink
{
    /// <summary>Consumes the next chunk of the log. The sandbox awaits it, so a slow sink slows the builder (back-pressure).</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);
}

using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Cli;

/// <summary>Copies the build log to a stream (stderr of <c>asterfarm-builder realise</c>).</summary>
internal sealed class StreamLogSink(Stream stream) : IBuildLogSink
{
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

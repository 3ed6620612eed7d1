using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Realisation;

/// <summary>Writes the log to two sinks in order.</summary>
internal sealed class TeeLogSink(IBuildLogSink first, IBuildLogSink? second) : IBuildLogSink
{
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        await first.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        if (second is not null)
        {
            await second.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }
}

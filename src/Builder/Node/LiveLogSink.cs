using AsterFarm.Builder.Sandbox.Logging;

namespace AsterFarm.Builder.Node;

/// <summary>A build's log sink that feeds <see cref="LiveBuildLogs"/>; disposing it ends the live log.</summary>
public sealed class LiveLogSink : IBuildLogSink, IDisposable
{
    private readonly LiveBuildLogs.LiveLog _log;
    private readonly Action _close;

    internal LiveLogSink(LiveBuildLogs.LiveLog log, Action close)
    {
        _log = log;
        _close = close;
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        _log.Append(chunk.Span);
        return ValueTask.CompletedTask;
    }

    public void Dispose() => _close();
}

namespace AsterFarm.Builder.Sandbox.Logging;

/// <summary>Discards the log (the result's tail is still kept).</summary>
public sealed class NullBuildLogSink : IBuildLogSink
{
    public static readonly NullBuildLogSink Instance = new();

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

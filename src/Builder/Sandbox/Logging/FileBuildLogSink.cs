namespace AsterFarm.Builder.Sandbox.Logging;

/// <summary>Writes the whole build log to a file (the derivation's log, uploaded after the build).</summary>
public sealed class FileBuildLogSink : IBuildLogSink, IAsyncDisposable
{
    private readonly FileStream _file;

    /// <summary>Creates or truncates <paramref name="path"/>.</summary>
    public FileBuildLogSink(string path)
    {
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024, useAsync: true);
    }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) =>
        _file.WriteAsync(chunk, cancellationToken);

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

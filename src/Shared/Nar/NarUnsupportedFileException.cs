namespace AsterFarm.Shared.Nar;

/// <summary>A path holds something a NAR cannot: a socket, FIFO or device node.</summary>
public sealed class NarUnsupportedFileException : IOException
{
    public NarUnsupportedFileException()
    {
    }

    public NarUnsupportedFileException(string message)
        : base(message)
    {
    }

    public NarUnsupportedFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The offending file.</summary>
    public string? FilePath { get; init; }

    internal static NarUnsupportedFileException For(string path) =>
        new($"'{path}' is neither a regular file, a directory nor a symlink (a socket, FIFO or device?); a NAR cannot hold it")
        {
            FilePath = path,
        };
}

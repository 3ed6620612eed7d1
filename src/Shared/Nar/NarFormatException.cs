namespace AsterFarm.Shared.Nar;

/// <summary>A byte stream that is not a valid, canonical NAR.</summary>
public sealed class NarFormatException : Exception
{
    public NarFormatException()
        : this("invalid NAR", 0)
    {
    }

    public NarFormatException(string message)
        : this(message, 0)
    {
    }

    public NarFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="problem">What was wrong, e.g. <c>entry name '..' is not allowed at '/sub'</c>.</param>
    /// <param name="offset">Byte offset in the NAR where the offending token starts.</param>
    public NarFormatException(string problem, long offset)
        : base($"invalid NAR at byte {offset}: {problem}")
    {
        Offset = offset;
    }

    /// <summary>Byte offset in the NAR where the offending token (or the missing data) starts.</summary>
    public long Offset { get; }
}

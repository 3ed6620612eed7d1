namespace AsterFarm.Shared.BinaryCache;

/// <summary>Raised through the NAR reader by <see cref="ExpansionLimitedStream"/> when an upload expands beyond its <see cref="NarExpansionLimit"/>.</summary>
internal sealed class NarTooLargeException : Exception
{
    public NarTooLargeException()
    {
    }

    public NarTooLargeException(string message)
        : base(message)
    {
    }

    public NarTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace AsterFarm.Builder.Realisation.Outputs;

/// <summary>An output's NAR grew past the node's limit while it was being written.</summary>
public sealed class OutputTooLargeException : IOException
{
    public OutputTooLargeException(long limit)
        : base($"its NAR is larger than the limit of {limit} bytes")
    {
        Limit = limit;
    }

    public OutputTooLargeException()
    {
    }

    public OutputTooLargeException(string message)
        : base(message)
    {
    }

    public OutputTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public long Limit { get; }
}

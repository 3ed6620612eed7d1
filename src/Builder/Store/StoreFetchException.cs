using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Store;

/// <summary>An input could not be fetched: the cache lacks it or served something that does not match its narinfo.</summary>
public sealed class StoreFetchException : Exception
{
    public StoreFetchException(StorePath path, string message)
        : base(message)
    {
        Path = path;
    }

    public StoreFetchException()
    {
    }

    public StoreFetchException(string message)
        : base(message)
    {
    }

    public StoreFetchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The path that could not be fetched.</summary>
    public StorePath Path { get; }
}

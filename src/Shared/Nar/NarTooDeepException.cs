namespace AsterFarm.Shared.Nar;

/// <summary>
/// A tree nests directories deeper than a NAR may (<see cref="NarWriter.MaxDepth"/>, the bound every reader of the
/// cache applies): the tree's own property, not a fault of the machine reading it.
/// </summary>
public sealed class NarTooDeepException : IOException
{
    public NarTooDeepException()
    {
    }

    public NarTooDeepException(string message)
        : base(message)
    {
    }

    public NarTooDeepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static NarTooDeepException At(string path) =>
        new($"'{(path.Length <= 200 ? path : path[..200] + "…")}' is nested deeper than {NarWriter.MaxDepth} directories, which a NAR may not be (the cache refuses such NARs)");
}

namespace AsterFarm.Shared.BinaryCache;

/// <summary>A refused write: what kind of problem, and a message for the uploader saying exactly what differed.</summary>
public sealed record CacheRefusal(CacheRefusalKind Kind, string Message)
{
    public override string ToString() => Message;
}

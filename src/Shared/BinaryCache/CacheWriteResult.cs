namespace AsterFarm.Shared.BinaryCache;

/// <summary>Makes <see cref="CacheWriteResult{T}"/> values.</summary>
public static class CacheWriteResult
{
    public static CacheWriteResult<T> Stored<T>(T value)
        where T : class => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    public static CacheWriteResult<T> Refused<T>(CacheRefusalKind kind, string message)
        where T : class => new(null, new CacheRefusal(kind, message));

    public static CacheWriteResult<T> Refused<T>(CacheRefusal refusal)
        where T : class => new(null, refusal ?? throw new ArgumentNullException(nameof(refusal)));
}

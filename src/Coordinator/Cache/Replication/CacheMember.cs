namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>A cache node: a stable identity (the ring position derives from it) and where its HTTP cache is served.</summary>
/// <param name="Id">Stable across restarts; the static membership uses the base URL, the Akka one the member address.</param>
/// <param name="BaseUrl">The cache root, ending in '/'.</param>
public sealed record CacheMember(string Id, Uri BaseUrl)
{
    /// <summary>A member identified by its base URL (static membership).</summary>
    public static CacheMember FromUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var withScheme = url.Contains("://", StringComparison.Ordinal) ? url : "http://" + url;
        var baseUrl = new Uri(withScheme.TrimEnd('/') + "/", UriKind.Absolute);
        return new CacheMember(baseUrl.GetLeftPart(UriPartial.Authority), baseUrl);
    }

    public override string ToString() => Id;
}

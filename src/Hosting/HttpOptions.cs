using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AsterFarm.Hosting;

/// <summary>
/// Where a node serves HTTP (health probes, and on coordinators the API and cache). Bound from
/// <c>AsterFarm:Http</c>; e.g. <c>AsterFarm__Http__Port=8080</c>.
/// </summary>
public sealed class HttpOptions
{
    public const string SectionName = "AsterFarm:Http";

    /// <summary>The address Kestrel binds to. Default <c>0.0.0.0</c>.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>The HTTP port. Default 8080 on coordinators, 8081 on builders (<see cref="DefaultPorts"/>).</summary>
    public int? Port { get; set; }

    /// <summary>Most connections served at once; more are closed at once (an idle connection costs some KB). Default 4096.</summary>
    public long MaxConcurrentConnections { get; set; } = 4096;

    /// <summary>
    /// Largest request body of a route that sets no limit of its own, in bytes. Default 1 MiB. Routes that take more
    /// (NAR and log uploads, missing-paths queries, run submissions) declare their own limit.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 1L << 20;

    /// <summary>How long a client may take to send the request headers. Default 15 s.</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long an idle keep-alive connection stays open. Default 2 minutes.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Slowest request body accepted, in bytes per second averaged after a 5 s grace period; a slower client is
    /// disconnected (Kestrel's own default, here a setting). Default 240; 0 turns the check off.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 240;

    public int PortFor(string role) => Port ?? DefaultPorts.HttpFor(role);

    /// <summary>Puts these limits on a Kestrel server (every node and <c>asterfarm cache serve</c>).</summary>
    public void ApplyTo(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.MaxConcurrentConnections = MaxConcurrentConnections;
        limits.MaxRequestBodySize = MaxRequestBodyBytes;
        limits.RequestHeadersTimeout = RequestHeadersTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MinRequestBodyDataRate = MinRequestBodyBytesPerSecond > 0 ? new MinDataRate(MinRequestBodyBytesPerSecond, TimeSpan.FromSeconds(5)) : null;
    }
}

namespace AsterFarm.Shared.Hosting;

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

    public int PortFor(string role) => Port ?? DefaultPorts.HttpFor(role);
}

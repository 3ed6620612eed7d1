using System.Globalization;

namespace AsterFarm.Hosting;

/// <summary>Settings from a node command's flags; they win over configuration files and environment variables.</summary>
public sealed record NodeOverrides(
    string? Hostname = null,
    string? PublicHostname = null,
    int? Port = null,
    IReadOnlyList<string>? SeedNodes = null,
    string? HttpHost = null,
    int? HttpPort = null)
{
    /// <summary>The flags as configuration keys (only those given).</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration()
    {
        const string cluster = ClusterOptions.SectionName + ":";
        const string http = HttpOptions.SectionName + ":";
        if (Hostname is not null)
        {
            yield return new(cluster + nameof(ClusterOptions.Hostname), Hostname);
        }

        if (PublicHostname is not null)
        {
            yield return new(cluster + nameof(ClusterOptions.PublicHostname), PublicHostname);
        }

        if (Port is { } port)
        {
            yield return new(cluster + nameof(ClusterOptions.Port), port.ToString(CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < (SeedNodes?.Count ?? 0); i++)
        {
            yield return new($"{cluster}{nameof(ClusterOptions.SeedNodes)}:{i}", SeedNodes![i]);
        }

        if (HttpHost is not null)
        {
            yield return new(http + nameof(HttpOptions.Host), HttpHost);
        }

        if (HttpPort is { } httpPort)
        {
            yield return new(http + nameof(HttpOptions.Port), httpPort.ToString(CultureInfo.InvariantCulture));
        }
    }
}

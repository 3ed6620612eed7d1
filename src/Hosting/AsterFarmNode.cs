using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Hosting;

/// <summary>Entry point for the <c>asterfarm coordinator</c> and <c>asterfarm-builder node</c> hosts.</summary>
public static class AsterFarmNode
{
    /// <summary>
    /// How long a node may take to leave the cluster after SIGTERM before the process is forced to exit
    /// (command lines pass it to System.CommandLine; below Kubernetes' default 30 s grace period).
    /// </summary>
    public static readonly TimeSpan ShutdownGracePeriod = TimeSpan.FromSeconds(25);

    /// <summary>
    /// A node of <paramref name="role"/>. Configuration comes from <c>appsettings.json</c>, then
    /// environment variables (<c>AsterFarm__Cluster__Port</c>, …), then <paramref name="overrides"/> (flags).
    /// </summary>
    public static AsterFarmNodeBuilder CreateBuilder(string role, NodeOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var web = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = TelemetryNames.ServiceName(role),
            ContentRootPath = AppContext.BaseDirectory,
        });
        web.Configuration.AddInMemoryCollection(overrides.ToConfiguration());
        // Per-request lines from probes every few seconds would drown the membership log.
        web.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        web.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        return new AsterFarmNodeBuilder(role, web);
    }
}

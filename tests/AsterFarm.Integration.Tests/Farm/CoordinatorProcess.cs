using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>A single-node coordinator process (its own seed) on loopback, configured by environment variables.</summary>
internal static class CoordinatorProcess
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static ManagedProcess Start(string name, int remotingPort, Uri http, IReadOnlyDictionary<string, string> environment) =>
        new NodeLauncher(NodeKind.Coordinator, remotingPort, http.Port) { Environment = environment }.Start(name);

    /// <summary>Waits until the node answers its readiness probe.</summary>
    public static Task WaitReadyAsync(Uri http) =>
        Eventually.Until(() => ReadyAsync(http), ready => ready, StartTimeout, "the coordinator to be ready");

    private static async Task<bool> ReadyAsync(Uri http)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(http, "healthz/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}

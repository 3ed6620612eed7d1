using DotNet.Testcontainers.Containers;
using k8s.Models;

namespace AsterFarm.Deployment.Tests.Farm;

/// <summary>One pod of the rendered manifests as a container: its pod name, DNS alias and the manifest container it runs.</summary>
internal sealed record FarmContainer(string PodName, string Alias, V1Container Spec, IContainer Container, int HttpPort)
{
    /// <summary>The node's HTTP base URL from the host, fixed at start (a killed container loses its port mapping).</summary>
    public Uri Url { get; } = new($"http://127.0.0.1:{Container.GetMappedPublicPort(HttpPort)}/");

    /// <summary>The container's name in Docker.</summary>
    public string DockerName => Container.Name.TrimStart('/');

    public async Task<string> LogsAsync()
    {
        var (stdout, stderr) = await Container.GetLogsAsync();
        return stdout + stderr;
    }
}

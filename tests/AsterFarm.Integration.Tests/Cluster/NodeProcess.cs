using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>A cluster node running as its own process on loopback, with its remoting and HTTP ports.</summary>
internal sealed class NodeProcess(ManagedProcess process, int remotingPort, int httpPort) : IAsyncDisposable
{
    public ManagedProcess Process { get; } = process;

    public string Address { get; } = $"akka.tcp://asterfarm@127.0.0.1:{remotingPort}";

    public Uri Http { get; } = new($"http://127.0.0.1:{httpPort}");

    public static NodeProcess StartCoordinator(string name, int remotingPort, int httpPort, IReadOnlyDictionary<string, string>? environment = null) =>
        new(
            ManagedProcess.Start(name, "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "coordinator",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(remotingPort),
                "--seed", $"akka.tcp://asterfarm@127.0.0.1:{remotingPort}",
                "--http-host", "127.0.0.1", "--http-port", Port(httpPort),
            ],
            environment),
            remotingPort,
            httpPort);

    /// <summary>A builder configured by flags (and <paramref name="environment"/>, e.g. its TLS settings).</summary>
    public static NodeProcess StartBuilderWithFlags(string name, int remotingPort, int httpPort, string seed, IReadOnlyDictionary<string, string>? environment = null) =>
        new(
            ManagedProcess.Start(name, "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm-builder.dll"), "node",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(remotingPort),
                "--seed", seed, "--http-host", "127.0.0.1", "--http-port", Port(httpPort),
            ],
            environment),
            remotingPort,
            httpPort);

    /// <summary>A builder configured only by environment variables, as a Kubernetes pod would be.</summary>
    public static NodeProcess StartBuilderWithEnvironment(string name, int remotingPort, int httpPort, string seed) =>
        new(
            ManagedProcess.Start(
                name,
                "dotnet",
                [Path.Combine(AppContext.BaseDirectory, "asterfarm-builder.dll"), "node"],
                new Dictionary<string, string>
                {
                    ["AsterFarm__Cluster__Hostname"] = "127.0.0.1",
                    ["AsterFarm__Cluster__PublicHostname"] = "127.0.0.1",
                    ["AsterFarm__Cluster__Port"] = Port(remotingPort),
                    ["AsterFarm__Cluster__SeedNodes__0"] = seed,
                    ["AsterFarm__Http__Host"] = "127.0.0.1",
                    ["AsterFarm__Http__Port"] = Port(httpPort),
                }),
            remotingPort,
            httpPort);

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

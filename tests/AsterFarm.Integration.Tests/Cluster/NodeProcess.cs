using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>A cluster node running as its own process on loopback, with its remoting and HTTP ports.</summary>
internal sealed class NodeProcess(ManagedProcess process, int remotingPort, int httpPort) : IAsyncDisposable
{
    public ManagedProcess Process { get; } = process;

    public string Address { get; } = $"akka.tcp://asterfarm@127.0.0.1:{remotingPort}";

    public Uri Http { get; } = new($"http://127.0.0.1:{httpPort}");

    public static NodeProcess StartCoordinator(string name, int remotingPort, int httpPort, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(name, new NodeLauncher(NodeKind.Coordinator, remotingPort, httpPort) { Environment = environment ?? new Dictionary<string, string>() });

    /// <summary>A builder configured by flags (and <paramref name="environment"/>, e.g. its TLS settings).</summary>
    public static NodeProcess StartBuilderWithFlags(string name, int remotingPort, int httpPort, string seed, IReadOnlyDictionary<string, string>? environment = null) =>
        Start(name, new NodeLauncher(NodeKind.Builder, remotingPort, httpPort) { Seeds = [seed], Environment = environment ?? new Dictionary<string, string>() });

    /// <summary>A builder configured only by environment variables, as a Kubernetes pod would be.</summary>
    public static NodeProcess StartBuilderWithEnvironment(string name, int remotingPort, int httpPort, string seed) =>
        Start(name, new NodeLauncher(NodeKind.Builder, remotingPort, httpPort) { Seeds = [seed], ClusterSettingsInEnvironment = true });

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    private static NodeProcess Start(string name, NodeLauncher launcher) => new(launcher.Start(name), launcher.RemotingPort, launcher.HttpPort);
}

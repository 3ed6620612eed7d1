using System.Globalization;

namespace AsterFarm.Integration.Tests.Processes;

/// <summary>
/// The one place the tests build a cluster node's command line: its kind, the address it binds and is reached at,
/// its remoting and HTTP ports, its seeds, and what a fixture adds (flags, environment, a launcher such as
/// <c>ip netns exec NS</c> that must exec the program so that killing it kills the node).
/// </summary>
internal sealed record NodeLauncher(NodeKind Kind, int RemotingPort, int HttpPort)
{
    /// <summary>The IP the node binds and other nodes reach it at. Default loopback.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>Seed node addresses, in order; empty: the node is its own seed (a one-node cluster or the first node).</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>Flags after the cluster flags (e.g. a builder's <c>--cache</c>, <c>--name</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Environment variables of the process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Runs before <c>dotnet</c>, e.g. <c>ip netns exec NS</c>.</summary>
    public IReadOnlyList<string> LauncherPrefix { get; init; } = [];

    /// <summary>
    /// Whether the cluster settings are passed as <c>AsterFarm__Cluster__*</c>/<c>AsterFarm__Http__*</c> environment
    /// variables, as a Kubernetes pod is configured, instead of flags.
    /// </summary>
    public bool ClusterSettingsInEnvironment { get; init; }

    /// <summary>The node's Akka address (its identity as a seed).</summary>
    public string AkkaAddress => $"akka.tcp://asterfarm@{Address}:{Port(RemotingPort)}";

    /// <summary>The node's HTTP base URL.</summary>
    public Uri Http => new($"http://{Address}:{Port(HttpPort)}/");

    /// <summary>The program, its arguments and environment, as they are started.</summary>
    public (IReadOnlyList<string> Command, IReadOnlyDictionary<string, string> Environment) CommandLine()
    {
        var seeds = Seeds.Count == 0 ? [AkkaAddress] : Seeds;
        string[] program = Kind == NodeKind.Coordinator
            ? [Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "coordinator"]
            : [Path.Combine(AppContext.BaseDirectory, "asterfarm-builder.dll"), "node"];
        var environment = new Dictionary<string, string>(Environment);
        string[] cluster;
        if (ClusterSettingsInEnvironment)
        {
            cluster = [];
            environment["AsterFarm__Cluster__Hostname"] = Address;
            environment["AsterFarm__Cluster__PublicHostname"] = Address;
            environment["AsterFarm__Cluster__Port"] = Port(RemotingPort);
            for (var i = 0; i < seeds.Count; i++)
            {
                environment[$"AsterFarm__Cluster__SeedNodes__{i}"] = seeds[i];
            }

            environment["AsterFarm__Http__Host"] = Address;
            environment["AsterFarm__Http__Port"] = Port(HttpPort);
        }
        else
        {
            cluster =
            [
                "--hostname", Address, "--public-hostname", Address, "--port", Port(RemotingPort),
                .. seeds.SelectMany(seed => new[] { "--seed", seed }),
                "--http-host", Address, "--http-port", Port(HttpPort),
            ];
        }

        return ([.. LauncherPrefix, "dotnet", .. program, .. cluster, .. ExtraArguments], environment);
    }

    /// <summary>Starts the node as <paramref name="name"/> (its output is prefixed with it).</summary>
    public ManagedProcess Start(string name)
    {
        var (command, environment) = CommandLine();
        return ManagedProcess.Start(name, command[0], command.Skip(1), environment);
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

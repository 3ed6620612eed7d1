using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>A node of a <see cref="LocalFarm"/> with the ports it keeps across restarts and its current process.</summary>
internal sealed class LocalFarmNode(FarmNode node, int remotingPort, int httpPort)
{
    public FarmNode Node { get; } = node;

    public int RemotingPort { get; } = remotingPort;

    public int HttpPort { get; } = httpPort;

    /// <summary>How the node is started (its seeds, flags and environment are added at each start).</summary>
    public NodeLauncher Launcher => new(Node.Kind, RemotingPort, HttpPort) { Address = Node.Address, LauncherPrefix = Node.LauncherPrefix };

    public string AkkaAddress => Launcher.AkkaAddress;

    public Uri Http => Launcher.Http;

    /// <summary>The current (or last) life of the node.</summary>
    public ManagedProcess? Process => Lives.Count > 0 ? Lives[^1] : null;

    /// <summary>Every process the node ran as, oldest first (one per start).</summary>
    public List<ManagedProcess> Lives { get; } = [];
}

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>A node of a <see cref="LocalFarm"/> with the ports it keeps across restarts and its current process.</summary>
internal sealed class LocalFarmNode(FarmNode node, int remotingPort, int httpPort)
{
    public FarmNode Node { get; } = node;

    public int RemotingPort { get; } = remotingPort;

    public int HttpPort { get; } = httpPort;

    public string AkkaAddress => $"akka.tcp://asterfarm@{Node.Address}:{RemotingPort}";

    public Uri Http => new($"http://{Node.Address}:{HttpPort}/");

    /// <summary>The current (or last) life of the node.</summary>
    public Processes.ManagedProcess? Process => Lives.Count > 0 ? Lives[^1] : null;

    /// <summary>Every process the node ran as, oldest first (one per start).</summary>
    public List<Processes.ManagedProcess> Lives { get; } = [];
}

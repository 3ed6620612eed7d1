namespace AsterFarm.Integration.Tests.Farm;

/// <summary>A node of a <see cref="LocalFarm"/> with the ports it keeps across restarts and its current process.</summary>
internal sealed class LocalFarmNode(FarmNode node, int remotingPort, int httpPort)
{
    public FarmNode Node { get; } = node;

    public int RemotingPort { get; } = remotingPort;

    public int HttpPort { get; } = httpPort;

    public string AkkaAddress => $"akka.tcp://asterfarm@{Node.Address}:{RemotingPort}";

    public Uri Http => new($"http://{Node.Address}:{HttpPort}/");

    public Processes.ManagedProcess? Process { get; set; }
}

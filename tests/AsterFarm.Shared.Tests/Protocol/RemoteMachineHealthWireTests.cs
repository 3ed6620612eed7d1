using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Serialization;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>Whether a node's remote machines are up (an additive field of <see cref="BuilderHeartbeat"/> and <see cref="BuilderStatus"/>).</summary>
public sealed class RemoteMachineHealthWireTests
{
    private static readonly RemoteMachineHealth[] Health =
    [
        new("ssh://nix@board-1", false, "'ssh://nix@board-1': the connection failed: end of stream (ssh exited with 255)", 0),
        new("ssh://box", true, null, 2),
    ];

    [Fact]
    public void A_heartbeat_with_remote_machine_health_round_trips()
    {
        var heartbeat = new BuilderHeartbeat(new NodeName("gateway"), 1, [], [.. Health]);

        var read = ProtocolSerializer.Deserialize(ProtocolSerializer.Serialize(heartbeat), ProtocolSerializer.ManifestOf(typeof(BuilderHeartbeat)));

        Assert.Equal(heartbeat, read);
    }

    [Fact]
    public void A_heartbeat_from_a_node_without_the_field_reads_as_no_remote_machines()
    {
        var heartbeat = new BuilderHeartbeat(new NodeName("gateway"), 1, []);

        var read = (BuilderHeartbeat)ProtocolSerializer.Deserialize(ProtocolSerializer.Serialize(heartbeat), ProtocolSerializer.ManifestOf(typeof(BuilderHeartbeat)));

        Assert.Null(read.RemoteMachines);
    }

    [Fact]
    public void A_builder_status_carries_the_health_to_the_nodes_api()
    {
        var capabilities = new BuilderCapabilities(["x86_64-linux"], [], [], 3, 1, "default", "http://cache:8080/", 1.0);
        var list = new BuilderList([new BuilderStatus(new NodeName("gateway"), "akka.tcp://asterfarm@h:1", capabilities, 1, [], DateTime.UnixEpoch, [.. Health])], false);

        var read = (BuilderList)ProtocolSerializer.Deserialize(ProtocolSerializer.Serialize(list), ProtocolSerializer.ManifestOf(typeof(BuilderList)));

        Assert.Equal(Health, read.Builders.Single().RemoteMachines);
    }
}

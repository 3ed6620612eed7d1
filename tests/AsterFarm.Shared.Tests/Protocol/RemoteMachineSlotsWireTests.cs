using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Serialization;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>The remote machines a builder registers with (an additive field of <see cref="BuilderCapabilities"/>).</summary>
public sealed class RemoteMachineSlotsWireTests
{
    private static readonly BuilderCapabilities WithoutRemotes = new(
        ["x86_64-linux", "riscv64-linux"], [], ["big-parallel", "board"], 5, 2, "default", "http://cache:8080/", 1.0);

    [Fact]
    public void A_registration_with_remote_machines_round_trips()
    {
        var register = new RegisterBuilder(
            new NodeName("builder-1"),
            WithoutRemotes with
            {
                RemoteMachines =
                [
                    new RemoteMachineSlots("ssh://nix@board-1", ["riscv64-linux"], 4, 2.5, ["big-parallel", "board"], ["board"]),
                    new RemoteMachineSlots("ssh://box", ["x86_64-linux"], 1, 1, [], []),
                ],
            },
            []);

        var read = ProtocolSerializer.Deserialize(ProtocolSerializer.Serialize(register), ProtocolSerializer.ManifestOf(typeof(RegisterBuilder)));

        Assert.Equal(register, read);
    }

    [Fact]
    public void A_registration_from_a_node_without_the_field_reads_as_no_remote_machines()
    {
        var register = new RegisterBuilder(new NodeName("builder-1"), WithoutRemotes, []);

        var read = (RegisterBuilder)ProtocolSerializer.Deserialize(ProtocolSerializer.Serialize(register), ProtocolSerializer.ManifestOf(typeof(RegisterBuilder)));

        Assert.Null(read.Capabilities.RemoteMachines);
        Assert.Equal(register, read);
    }
}

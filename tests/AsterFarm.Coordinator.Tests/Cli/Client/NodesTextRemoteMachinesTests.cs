using AsterFarm.Coordinator.Api;
using AsterFarm.Coordinator.Cli.Client;

namespace AsterFarm.Coordinator.Tests.Cli.Client;

public sealed class NodesTextRemoteMachinesTests
{
    [Fact]
    public void Each_remote_machine_is_shown_under_its_node_up_with_its_busy_jobs_or_down_with_the_reason()
    {
        var builder = new BuilderView(
            "gateway",
            ["x86_64-linux", "riscv64-linux"],
            [],
            ["board"],
            Slots: 4,
            FreeSlots: 3,
            CoresPerSlot: 1,
            MachineClass: "default",
            Speed: 1,
            [],
            DateTime.UnixEpoch,
            [
                new RemoteMachineView("ssh://nix@board-1", ["riscv64-linux"], 2, 3, ["board"], ["board"], Up: true, DownReason: null, BusySlots: 1),
                new RemoteMachineView("ssh://nix@board-2", ["riscv64-linux"], 1, 1, [], [], Up: false, DownReason: "'ssh://nix@board-2': the connection failed: end of stream"),
            ]);
        using var output = new StringWriter();

        NodesText.Write(output, [new ClusterNodeView("akka.tcp://asterfarm@127.0.0.1:4054", ["builder"], "Up", true, builder)]);

        Assert.Equal(
            """
            gateway  akka.tcp://asterfarm@127.0.0.1:4054  Up  [builder]
              systems:  x86_64-linux, riscv64-linux
              features: board
              slots:    3 of 4 free, 1 cores each, speed 1, class default
              remote:   ssh://nix@board-1  riscv64-linux, 2 jobs, speed factor 3, mandatory board
                        up, 1 of 2 jobs busy
              remote:   ssh://nix@board-2  riscv64-linux, 1 jobs, speed factor 1
                        down: 'ssh://nix@board-2': the connection failed: end of stream

            """.ReplaceLineEndings(),
            output.ToString());
    }
}

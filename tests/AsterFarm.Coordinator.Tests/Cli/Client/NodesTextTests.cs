using AsterFarm.Coordinator.Api;
using AsterFarm.Coordinator.Cli.Client;

namespace AsterFarm.Coordinator.Tests.Cli.Client;

public sealed class NodesTextTests
{
    [Fact]
    public void A_builder_is_shown_with_its_systems_features_slots_and_running_builds()
    {
        var builder = new BuilderView(
            "up-builder-1",
            ["x86_64-linux"],
            [new EmulatedSystemView("riscv64-linux", 5), new EmulatedSystemView("aarch64-linux", 4.5)],
            ["benchmark", "big-parallel"],
            Slots: 2,
            FreeSlots: 1,
            CoresPerSlot: 1,
            MachineClass: "default",
            Speed: 1,
            [new RunningBuildView("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-a-1.0.drv", "lease", DateTime.UnixEpoch, 2.5)],
            DateTime.UnixEpoch);
        var nodes = new[]
        {
            new ClusterNodeView("akka.tcp://asterfarm@127.0.0.1:4053", ["coordinator"], "Up", true),
            new ClusterNodeView("akka.tcp://asterfarm@127.0.0.1:4054", ["builder"], "Up", false, builder),
        };
        using var output = new StringWriter();

        NodesText.Write(output, nodes);

        Assert.Equal(
            """
            coordinator  akka.tcp://asterfarm@127.0.0.1:4053  Up  [coordinator]
            up-builder-1  akka.tcp://asterfarm@127.0.0.1:4054  Up, unreachable  [builder]
              systems:  x86_64-linux, riscv64-linux (emulated, 5x slower), aarch64-linux (emulated, 4.5x slower)
              features: benchmark, big-parallel
              slots:    1 of 2 free, 1 cores each, speed 1, class default
              running:  /nix/store/0123456789abcdfghijklmnpqrsvwxyz-a-1.0.drv (2.5 s)

            """.ReplaceLineEndings(),
            output.ToString());
    }
}

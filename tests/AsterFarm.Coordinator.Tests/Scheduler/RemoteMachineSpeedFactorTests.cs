using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>
/// A remote Nix machine's speed factor (machines file, column 5) reaches the scheduler through the node's advertised
/// capabilities: its systems' estimates are divided by the fastest machine's factor, and placement prefers the node
/// whose machine is faster, as Nix and Hydra prefer a faster machine.
/// </summary>
public sealed class RemoteMachineSpeedFactorTests
{
    [Fact]
    public void A_system_built_by_remote_machines_runs_at_the_fastest_machine_s_speed_factor()
    {
        var spec = BuilderSpecs.From(new NodeName("gateway"), Gateway(("ssh://slow", 1.5), ("ssh://fast", 4)));

        Assert.Equal(4, spec.NativeSystems[Riscv]);
        Assert.Equal(1, spec.NativeSystems[X86]);
        Assert.Equal(4, spec.Slots);
    }

    [Fact]
    public void A_derivation_goes_to_the_node_whose_machine_is_faster_with_its_estimate_divided_by_the_factor()
    {
        var core = Submitted(
            CoreWith(
                BuilderSpecs.From(new NodeName("slow-gateway"), Gateway(("ssh://slow-board", 1))),
                BuilderSpecs.From(new NodeName("fast-gateway"), Gateway(("ssh://fast-board", 3)))),
            Drv("a", Riscv));

        var dispatch = Assert.Single(core.Schedule(0));

        Assert.Equal("fast-gateway", dispatch.Node.Value);
        Assert.False(dispatch.Emulated);
        Assert.Equal(60.0 / 3, dispatch.EstimatedBuildSeconds, 6);
    }

    // A node building x86_64 itself (two slots, speed 1) that drives riscv64 boards of one job each.
    private static BuilderCapabilities Gateway(params (string Uri, double SpeedFactor)[] boards) => new(
        ValueList.From([X86, Riscv]),
        ValueList.From<EmulatedSystem>([]),
        ValueList.From<string>([]),
        Slots: 2 + boards.Length,
        CoresPerSlot: 1,
        MachineClass: "gateway",
        CacheUrl: "http://cache.invalid/",
        Speed: 1,
        RemoteMachines: ValueList.From(boards.Select(b => new RemoteMachineSlots(
            b.Uri, ValueList.From([Riscv]), 1, b.SpeedFactor, ValueList.From<string>([]), ValueList.From<string>([])))));
}

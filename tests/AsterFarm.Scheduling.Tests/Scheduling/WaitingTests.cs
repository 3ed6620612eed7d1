using AsterFarm.Scheduling.Status;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class WaitingTests
{
    [Fact]
    public void A_derivation_no_builder_can_take_waits_with_the_reason_and_starts_when_one_joins()
    {
        var core = Submitted(CoreWith(Native("x", X86), Native("board", Riscv)), Drv("test", Riscv, features: ["kvm"]));

        Assert.Empty(core.Schedule(0));
        var status = core.Describe(Id("test"))!;
        Assert.Equal(DerivationState.NoCapableBuilder, status.State);
        Assert.Equal("no builder offers riscv64-linux with feature kvm", status.Reason);
        var riscv = core.SystemStatuses().Single(s => s.System == Riscv);
        Assert.Equal(new WaitingReason("no builder offers riscv64-linux with feature kvm", 1), Assert.Single(riscv.WaitingReasons));
        Assert.Equal(1, riscv.Counts.NoCapableBuilder);

        core.BuilderJoined(Emulating("qemu", Riscv, 0.2, features: ["kvm"]));

        Assert.Equal("qemu", core.Schedule(5).Placed("test"));
        Assert.Empty(core.SystemStatuses().Single(s => s.System == Riscv).WaitingReasons);
    }

    [Fact]
    public void The_reason_names_the_system_alone_when_no_features_are_required()
    {
        var core = Submitted(CoreWith(Native("x", X86)), Drv("a", Arm));

        Assert.Equal("no builder offers aarch64-linux", core.Describe(Id("a"))!.Reason);
    }

    [Fact]
    public void The_reason_lists_every_required_feature()
    {
        var core = Submitted(CoreWith(Native("x", X86)), Drv("a", X86, features: ["big-parallel", "kvm"]));

        Assert.Equal("no builder offers x86_64-linux with features big-parallel, kvm", core.Describe(Id("a"))!.Reason);
    }
}

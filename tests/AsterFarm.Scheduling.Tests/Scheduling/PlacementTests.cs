using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class PlacementTests
{
    [Fact]
    public void A_native_slot_is_chosen_over_an_idle_emulated_one()
    {
        var core = Submitted(CoreWith(Emulating("qemu", Riscv, 0.2), Native("board", Riscv, 0.5)), Drv("a", Riscv));

        var dispatch = Assert.Single(core.Schedule(0));

        Assert.Equal("board", dispatch.Node.Value);
        Assert.False(dispatch.Emulated);
        Assert.Equal(120, dispatch.EstimatedBuildSeconds, 6);
    }

    [Fact]
    public void An_emulated_slot_builds_what_no_native_builder_offers()
    {
        var core = Submitted(CoreWith(Native("arm", Arm), Emulating("qemu", Riscv, 0.2)), Drv("a", Riscv));

        var dispatch = Assert.Single(core.Schedule(0));

        Assert.Equal("qemu", dispatch.Node.Value);
        Assert.True(dispatch.Emulated);
        Assert.Equal(300, dispatch.EstimatedBuildSeconds, 6);
    }

    [Fact]
    public void A_slow_emulated_slot_is_not_used_when_a_native_slot_frees_sooner()
    {
        // On the board "b" would finish at 60 + 60 = 120; under QEMU at 0 + 300.
        var core = Submitted(CoreWith(Native("board", Riscv, 1.0), Emulating("qemu", Riscv, 0.2)), Drv("a", Riscv), Drv("b", Riscv));

        var first = core.Schedule(0);

        Assert.Equal("board", Assert.Single(first).Node.Value);
        Assert.Equal(DerivationState.Ready, core.Describe(Id("b"))!.State);
        core.BuildFinished(first[0].Derivation, 60);
        Assert.Equal("board", core.Schedule(60).Placed("b"));
    }

    [Fact]
    public void A_derivation_waiting_for_a_busy_slot_that_overruns_goes_to_the_slow_slot_after_all()
    {
        var core = Submitted(CoreWith(Native("board", Riscv, 1.0), Emulating("qemu", Riscv, 0.2)), Drv("a", Riscv), Drv("b", Riscv));
        Assert.Equal("board", core.Schedule(0).Placed("a"));

        // "a" was estimated at 60 s; at 100 s it is expected to run as long again (200 + 60 < 100 + 300): b still waits.
        Assert.Empty(core.Schedule(100));
        // At 250 s the board would free at 500: QEMU finishes b at 550, sooner than 560.
        Assert.Equal("qemu", core.Schedule(250).Placed("b"));
    }

    [Fact]
    public void A_build_reported_started_late_holds_its_slot_from_then_on()
    {
        var core = Submitted(CoreWith(Native("board", Riscv, 1.0), Emulating("qemu", Riscv, 0.25)), Drv("a", Riscv));
        Assert.Equal("board", core.Schedule(0).Placed("a"));

        // Fetching took 200 s: the board now frees at 260, so b (60 s there, 240 s under QEMU) waits for it.
        Assert.True(core.BuildStarted(Id("a"), 200));
        Assert.True(core.Submit(Run("later", 0, Drv("b", Riscv))).Accepted);

        Assert.Empty(core.Schedule(200));
    }

    [Fact]
    public void An_emulated_slot_is_used_when_it_finishes_before_the_busy_native_slot_frees()
    {
        var core = Submitted(CoreWith(Native("board", Riscv, 1.0), Emulating("qemu", Riscv, 0.9)), Drv("a", Riscv), Drv("b", Riscv));

        var dispatches = core.Schedule(0);

        Assert.Equal("board", dispatches.Placed("a"));
        Assert.Equal("qemu", dispatches.Placed("b"));
    }

    [Fact]
    public void Fifo_takes_the_first_free_slot_even_if_slow()
    {
        var core = Submitted(CoreWith(SchedulingPolicy.Fifo, Native("board", Riscv, 1.0), Emulating("qemu", Riscv, 0.2)),
            Drv("a", Riscv), Drv("b", Riscv));

        var dispatches = core.Schedule(0);

        Assert.Equal("board", dispatches.Placed("a"));
        Assert.Equal("qemu", dispatches.Placed("b"));
    }

    [Fact]
    public void Among_equal_builders_the_one_holding_the_inputs_wins()
    {
        var core = Submitted(CoreWith(Native("n1", X86), Native("n2", X86), Native("n3", X86)),
            Drv("lib", bytes: 500_000_000, cached: true), Drv("app", deps: ["lib"]));
        core.RecordLocalOutputs(new("n3"), [Id("lib")]);

        var dispatch = Assert.Single(core.Schedule(0));

        Assert.Equal("n3", dispatch.Node.Value);
        Assert.Equal(0, dispatch.EstimatedTransferSeconds);
    }

    [Fact]
    public void Missing_input_bytes_count_as_transfer_time()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("lib", bytes: 250_000_000, cached: true), Drv("app", deps: ["lib"]));

        var dispatch = Assert.Single(core.Schedule(0));

        Assert.Equal(2, dispatch.EstimatedTransferSeconds, 6);
    }

    [Fact]
    public void A_builder_must_offer_every_required_feature()
    {
        var core = Submitted(
            CoreWith(Native("big", X86, features: ["big-parallel"]), Native("both", X86, features: ["big-parallel", "kvm"]), Native("plain", X86)),
            Drv("vm-test", features: ["kvm", "big-parallel"]));

        Assert.Equal("both", core.Schedule(0).Placed("vm-test"));
    }

    [Fact]
    public void Only_idle_slots_receive_work_and_slots_are_not_overcommitted()
    {
        var core = Submitted(CoreWith(Native("n", X86, slots: 2)), Drv("a"), Drv("b"), Drv("c"));

        var dispatches = core.Schedule(0);

        Assert.Equal(2, dispatches.Count);
        Assert.Equal([0, 1], dispatches.Select(d => d.Slot).Order());
        Assert.Empty(core.Schedule(1));
    }
}

using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

/// <summary>Builds a node runs that the scheduler no longer counts (expired or superseded leases) take its slots.</summary>
public sealed class UncountedBuildTests
{
    private static readonly NodeName Back = new("back");

    [Fact]
    public void A_builder_back_with_an_uncounted_build_gets_work_only_on_its_other_slots()
    {
        var core = Submitted(CoreWith(Native("back", X86, slots: 2)), Drv("a"), Drv("b"));

        Assert.Equal(1, core.SetUncountedBuilds(Back, 1));

        var first = core.Schedule(0);
        Assert.Single(first);
        Assert.Empty(core.Schedule(1));
    }

    [Fact]
    public void Its_slot_frees_when_the_uncounted_build_is_reported_ended()
    {
        var core = Submitted(CoreWith(Native("back", X86)), Drv("a"));
        core.SetUncountedBuilds(Back, 1);
        Assert.Empty(core.Schedule(0));

        Assert.Equal(0, core.SetUncountedBuilds(Back, 0));

        Assert.Equal("back", core.Schedule(1).Placed("a"));
    }

    [Fact]
    public void Work_goes_to_another_builder_rather_than_waiting_for_an_uncounted_build()
    {
        // The busy builder is three times as fast, so a slot of its own that frees soon would win; one whose build
        // nobody can estimate must not.
        var core = Submitted(CoreWith(Native("back", X86, speed: 3), Native("slow", X86)), Drv("a"));
        core.SetUncountedBuilds(Back, 1);

        Assert.Equal("slow", core.Schedule(0).Placed("a"));
    }

    [Fact]
    public void Uncounted_builds_never_take_the_slots_of_counted_ones_nor_more_than_the_node_has()
    {
        var core = Submitted(CoreWith(Native("back", X86, slots: 2)), Drv("a"));
        Assert.Equal("back", core.Schedule(0).Placed("a"));

        Assert.Equal(1, core.SetUncountedBuilds(Back, 3));
        Assert.Equal(DerivationState.Running, core.Describe(Id("a"))!.State);
        Assert.True(core.BuildFinished(Id("a"), 10));
        Assert.Equal(0, core.SetUncountedBuilds(new NodeName("unknown"), 1));
    }

    [Fact]
    public void Derivations_promised_to_a_slot_taken_by_an_uncounted_build_are_placed_elsewhere()
    {
        // Both fast slots busy: the third derivation is promised to one of them rather than started on the slow node.
        var core = Submitted(CoreWith(Native("back", X86, slots: 2), Native("slow", X86, speed: 0.1)), Drv("a"), Drv("b"), Drv("c"));
        var started = core.Schedule(0);
        Assert.Equal(["back", "back"], started.Select(d => d.Node.Value));
        Assert.True(core.BuildFinished(Id("a"), 5));
        Assert.True(core.BuildFinished(Id("b"), 5));

        Assert.Equal(2, core.SetUncountedBuilds(Back, 2));

        Assert.Equal("slow", core.Schedule(5).Placed("c"));
    }

    [Fact]
    public void A_ready_derivation_reported_running_under_its_lease_is_re_attached_without_a_new_dispatch()
    {
        var core = Submitted(CoreWith(Native("back", X86), Native("other", X86)), Drv("a"));
        var first = core.Schedule(0);
        var node = new NodeName(first.Placed("a"));
        core.BuilderJoined(Native(node.Value, X86));
        Assert.Equal(DerivationState.Ready, core.Describe(Id("a"))!.State);

        Assert.True(core.Reattach(Id("a"), node, 1));

        Assert.Equal((DerivationState.Running, node), (core.Describe(Id("a"))!.State, core.Describe(Id("a"))!.Node));
        Assert.Empty(core.Schedule(2));
        Assert.False(core.Reattach(Id("a"), node, 3));
        Assert.True(core.BuildFinished(Id("a"), 4));
    }

    [Fact]
    public void Either_policy_keeps_uncounted_slots_out_of_placement()
    {
        var core = Submitted(CoreWith(SchedulingPolicy.Fifo, Native("back", X86), Native("free", X86)), Drv("a"));
        core.SetUncountedBuilds(Back, 1);

        Assert.Equal("free", core.Schedule(0).Placed("a"));
    }
}

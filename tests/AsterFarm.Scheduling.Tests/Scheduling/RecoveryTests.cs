using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

/// <summary>A core rebuilt after the scheduler moved: held builds, re-attachment, restored failures, late results.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public void A_held_derivation_is_not_placed_until_released()
    {
        var core = Submitted(CoreWith(Native("n1", X86)), Drv("a"));

        Assert.True(core.Hold(Id("a")));

        Assert.Empty(core.Schedule(0));
        Assert.True(core.IsHeld(Id("a")));
        Assert.True(core.Release(Id("a")));
        Assert.Equal("n1", core.Schedule(1).Placed("a"));
    }

    [Fact]
    public void A_held_derivation_attached_to_its_builder_runs_there_without_a_dispatch()
    {
        var core = Submitted(CoreWith(), Drv("a"), Drv("b", deps: ["a"]));
        core.Hold(Id("a"));
        core.BuilderJoined(Native("n1", X86));

        Assert.True(core.Attach(Id("a"), new NodeName("n1"), 5));

        var status = core.Describe(Id("a"))!;
        Assert.Equal((DerivationState.Running, "n1"), (status.State, status.Node?.Value));
        Assert.Empty(core.Schedule(5));
        Assert.True(core.BuildFinished(Id("a"), 10));
        Assert.Equal("n1", core.Schedule(10).Placed("b"));
    }

    [Fact]
    public void Attaching_needs_a_held_derivation_and_a_live_builder_with_a_free_slot()
    {
        var core = Submitted(CoreWith(Native("n1", X86)), Drv("a"), Drv("b"));
        core.Hold(Id("a"));
        core.Hold(Id("b"));

        Assert.False(core.Attach(Id("a"), new NodeName("ghost"), 0));
        Assert.True(core.Attach(Id("a"), new NodeName("n1"), 0));
        Assert.False(core.Attach(Id("b"), new NodeName("n1"), 0));
        Assert.False(core.Attach(Id("a"), new NodeName("n1"), 0));
    }

    [Fact]
    public void A_restored_failure_fails_its_dependents_as_dependency_failed()
    {
        var core = Submitted(CoreWith(Native("n1", X86)), Drv("a"), Drv("b", deps: ["a"]), Drv("c", deps: ["b"]), Drv("d"));

        var dependents = core.RestoreFailure(Id("a"), "builder exited with code 2");

        Assert.Equal(["b", "c"], dependents.Select(id => id.Value).Order());
        Assert.Equal("builder exited with code 2", core.Describe(Id("a"))!.Reason);
        Assert.StartsWith("dependency failed", core.Describe(Id("c"))!.Reason, StringComparison.Ordinal);
        Assert.Equal("n1", core.Schedule(0).Placed("d"));
    }

    [Fact]
    public void A_late_result_completes_a_derivation_running_again_elsewhere_and_frees_that_slot()
    {
        var core = Submitted(CoreWith(Native("n1", X86)), Drv("a"), Drv("b", deps: ["a"]));
        Assert.Equal("n1", core.Schedule(0).Placed("a"));

        Assert.True(core.LateBuildFinished(Id("a")));

        Assert.Equal(DerivationState.Done, core.Describe(Id("a"))!.State);
        Assert.Equal("n1", core.Schedule(1).Placed("b"));
        Assert.False(core.LateBuildFinished(Id("a")));
    }

    [Fact]
    public void A_late_result_completes_a_held_or_waiting_derivation()
    {
        var core = Submitted(CoreWith(), Drv("a"), Drv("b"));
        core.Hold(Id("a"));

        Assert.True(core.LateBuildFinished(Id("a")));
        Assert.True(core.LateBuildFinished(Id("b")));

        Assert.Equal(2, core.Totals.Done);
        core.BuilderJoined(Native("n1", X86));
        Assert.Empty(core.Schedule(0));
    }
}

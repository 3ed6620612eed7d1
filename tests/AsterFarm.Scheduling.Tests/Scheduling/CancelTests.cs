using AsterFarm.Scheduling.Status;
using AsterFarm.Shared.Protocol;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class CancelTests
{
    [Fact]
    public void Cancelling_a_run_returns_its_running_builds_and_fails_the_rest_without_building_them()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"), Drv("b", deps: ["a"]));
        core.Schedule(0);

        var stopped = core.CancelRun(Farm.RunOf("run"), "cancelled");

        var build = Assert.Single(stopped);
        Assert.Equal((Id("a"), new NodeName("n")), (build.Derivation, build.Node));
        Assert.Equal(DerivationState.Failed, core.Describe(Id("a"))!.State);
        Assert.Equal("cancelled", core.Describe(Id("b"))!.Reason);
        Assert.Empty(core.Schedule(1));
        Assert.False(core.BuildFinished(Id("a"), 2));
    }

    [Fact]
    public void A_build_another_live_run_needs_continues_when_one_run_is_cancelled()
    {
        var core = CoreWith(Native("n", X86, slots: 2));
        core.Submit(Run("one", 0, Drv("shared"), Drv("own")));
        core.Submit(Run("two", 0, Drv("shared")));
        core.Schedule(0);

        var stopped = core.CancelRun(Farm.RunOf("one"), "cancelled");

        Assert.Equal([Id("own")], stopped.Select(s => s.Derivation));
        Assert.Equal(DerivationState.Running, core.Describe(Id("shared"))!.State);
        Assert.True(core.BuildFinished(Id("shared"), 5));
    }

    [Fact]
    public void An_ended_run_does_not_keep_a_build_going_that_a_cancelled_later_run_rebuilds()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"));
        core.Schedule(0);
        core.BuildFailed(Id("a"), "exit 1");
        core.EndRun(Farm.RunOf("run"));
        core.Submit(Run("again", 0, Drv("a")) with { CachedFailure = _ => null });
        core.Schedule(1);

        var stopped = core.CancelRun(Farm.RunOf("again"), "cancelled");

        Assert.Equal([Id("a")], stopped.Select(s => s.Derivation));
    }

    [Fact]
    public void Waiting_and_backing_off_derivations_of_a_cancelled_run_never_start()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"), Drv("r", Riscv));
        core.Schedule(0);
        core.BuildRetry(Id("a"), 5, "lost");

        core.CancelRun(Farm.RunOf("run"), "cancelled");
        core.BuilderJoined(Native("board", Riscv));

        Assert.Empty(core.Schedule(10));
        Assert.Equal(DerivationState.Failed, core.Describe(Id("r"))!.State);
    }

    [Fact]
    public void A_later_run_builds_what_a_cancelled_run_left()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"), Drv("b", deps: ["a"]));
        core.Schedule(0);
        core.CancelRun(Farm.RunOf("run"), "cancelled");

        core.Submit(Run("again", 0, Drv("a"), Drv("b", deps: ["a"])) with { CachedFailure = _ => null });

        Assert.Equal("n", core.Schedule(1).Placed("a"));
        Assert.Equal(DerivationState.Planned, core.Describe(Id("b"))!.State);
    }
}

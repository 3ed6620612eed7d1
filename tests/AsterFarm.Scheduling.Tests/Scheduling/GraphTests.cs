using AsterFarm.Scheduling.Status;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class GraphTests
{
    [Fact]
    public void Two_runs_needing_the_same_derivation_share_one_build()
    {
        var core = CoreWith(Native("n", X86, slots: 4));
        Assert.True(core.Submit(Run("first", 0, Drv("glibc"), Drv("hello", deps: ["glibc"]))).Accepted);

        var second = core.Submit(Run("second", 5, Drv("glibc"), Drv("curl", deps: ["glibc"])));

        Assert.True(second.Accepted);
        Assert.Equal(1, second.SharedDerivations);
        Assert.Equal(1, second.NewDerivations);
        var dispatch = Assert.Single(core.Schedule(0));
        Assert.Equal(Id("glibc"), dispatch.Derivation);
        core.BuildFinished(dispatch.Derivation, 60);
        Assert.Equal(["curl", "hello"], core.Schedule(60).Select(d => d.Derivation.Value).Order());
        Assert.Equal(1, core.RunStatusOf(Farm.RunOf("first"))!.Counts.Done);
        Assert.Equal(1, core.RunStatusOf(Farm.RunOf("second"))!.Counts.Done);
        Assert.Equal(3, core.Totals.Total);
    }

    [Fact]
    public void A_failure_fails_every_dependent_through_a_diamond_without_trying_them()
    {
        //   base → left, right → top; "other" is unrelated.
        var core = Submitted(CoreWith(Native("n", X86, slots: 2)),
            Drv("base"), Drv("left", deps: ["base"]), Drv("right", deps: ["base"]), Drv("top", deps: ["left", "right"]), Drv("other"));
        var started = core.Schedule(0);
        Assert.Equal(2, started.Count);

        var failed = core.BuildFailed(Id("base"), "builder exited with code 2");

        Assert.Equal(["left", "right", "top"], failed.Select(id => id.Value).Order());
        Assert.Equal("builder exited with code 2", core.Describe(Id("base"))!.Reason);
        Assert.Equal("dependency failed: base", core.Describe(Id("top"))!.Reason);
        Assert.Equal(DerivationState.Failed, core.Describe(Id("left"))!.State);
        Assert.Equal(DerivationState.Running, core.Describe(Id("other"))!.State);
        Assert.Empty(core.Schedule(1));
        var run = core.RunStatusOf(Farm.RunOf("run"))!;
        Assert.Equal(4, run.Counts.Failed);
        Assert.Equal(4, run.Failures.Count);
    }

    [Fact]
    public void A_later_run_depending_on_a_failed_derivation_fails_at_once()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("base"));
        core.Schedule(0);
        core.BuildFailed(Id("base"), "hash mismatch");

        Assert.True(core.Submit(Run("again", 0, Drv("base"), Drv("app", deps: ["base"]))).Accepted);

        Assert.Equal("dependency failed: base", core.Describe(Id("app"))!.Reason);
    }

    [Fact]
    public void Derivations_already_in_the_cache_are_done_without_dispatch()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("glibc", cached: true), Drv("hello", deps: ["glibc"]));

        Assert.Equal(DerivationState.Done, core.Describe(Id("glibc"))!.State);
        Assert.Equal(Id("hello"), Assert.Single(core.Schedule(0)).Derivation);
    }

    [Fact]
    public void A_cycle_is_rejected_naming_it()
    {
        var core = CoreWith(Native("n", X86));

        var result = core.Submit(Run("r", 0, Drv("a", deps: ["b"]), Drv("b", deps: ["c"]), Drv("c", deps: ["a"]), Drv("d")));

        Assert.False(result.Accepted);
        Assert.Equal("dependency cycle: a -> b -> c -> a", result.Error);
        Assert.Null(core.Describe(Id("d")));
    }

    [Fact]
    public void Missing_dependencies_are_rejected_naming_them()
    {
        var result = CoreWith().Submit(Run("r", 0, Drv("app", deps: ["lib"])));

        Assert.False(result.Accepted);
        Assert.Equal("missing derivations: lib (needed by app)", result.Error);
    }

    [Fact]
    public void The_same_run_cannot_be_submitted_twice()
    {
        var core = Submitted(CoreWith(), Drv("a"));

        Assert.False(core.Submit(Run("run", 0, Drv("b"))).Accepted);
    }
}

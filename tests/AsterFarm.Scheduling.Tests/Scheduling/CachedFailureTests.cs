using AsterFarm.Scheduling.Status;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class CachedFailureTests
{
    [Fact]
    public void A_new_derivation_with_a_cached_failure_fails_at_once_and_so_do_its_dependents()
    {
        var core = CoreWith(Native("n", X86));

        core.Submit(Run("r", 0, Drv("a"), Drv("b", deps: ["a"]), Drv("c")) with { CachedFailure = id => id.Value == "a" ? "cached failure: exit 1" : null });

        Assert.Equal("cached failure: exit 1", core.Describe(Id("a"))!.Reason);
        Assert.Equal("dependency failed: a", core.Describe(Id("b"))!.Reason);
        Assert.Equal("c", Assert.Single(core.Schedule(0)).Derivation.Value);
    }

    [Fact]
    public void A_confirmed_earlier_failure_stays_failed_with_the_cached_reason()
    {
        var core = FailedEarlier();

        core.Submit(Run("later", 0, Drv("a"), Drv("b", deps: ["a"])) with { CachedFailure = _ => "cached failure from 12:00: exit 1" });

        Assert.Equal("cached failure from 12:00: exit 1", core.Describe(Id("a"))!.Reason);
        Assert.Equal(DerivationState.Failed, core.Describe(Id("b"))!.State);
        Assert.Empty(core.Schedule(100));
    }

    [Fact]
    public void An_unconfirmed_earlier_failure_is_built_again_and_its_dependents_wait_for_it()
    {
        var core = FailedEarlier();

        core.Submit(Run("later", 0, Drv("a"), Drv("b", deps: ["a"])) with { CachedFailure = _ => null });

        Assert.Equal("n", core.Schedule(100).Placed("a"));
        Assert.Equal(DerivationState.Planned, core.Describe(Id("b"))!.State);
        core.BuildFinished(Id("a"), 160);
        Assert.Equal("n", core.Schedule(160).Placed("b"));
    }

    [Fact]
    public void Without_a_failure_policy_earlier_failures_are_kept()
    {
        var core = FailedEarlier();

        core.Submit(Run("later", 0, Drv("a"), Drv("b", deps: ["a"])));

        Assert.Equal(DerivationState.Failed, core.Describe(Id("a"))!.State);
        Assert.Empty(core.Schedule(100));
    }

    private static SchedulerCore FailedEarlier()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"), Drv("b", deps: ["a"]));
        core.Schedule(0);
        core.BuildFailed(Id("a"), "exit 1");
        return core;
    }
}

using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class CriticalPathTests
{
    [Fact]
    public void The_derivation_with_the_longest_remaining_path_runs_first()
    {
        // "deep" heads a chain of three, "shallow" one of two, "alone" has no dependents: one slot takes deep first.
        var core = Submitted(CoreWith(Native("n", X86)),
            Drv("alone"), Drv("shallow"), Drv("shallow-top", deps: ["shallow"]),
            Drv("deep"), Drv("deep-mid", deps: ["deep"]), Drv("deep-top", deps: ["deep-mid"]));

        var first = core.Schedule(0);

        Assert.Equal(Id("deep"), Assert.Single(first).Derivation);
        Assert.Equal(180, core.Describe(Id("deep"))!.CriticalPathSeconds, 6);
        Assert.Equal(120, core.Describe(Id("shallow"))!.CriticalPathSeconds, 6);
        Assert.Equal(60, core.Describe(Id("alone"))!.CriticalPathSeconds, 6);
    }

    [Fact]
    public void The_queue_follows_critical_path_then_run_priority_then_arrival()
    {
        var core = CoreWith(Native("n", X86));
        Assert.True(core.Submit(Run("low", 1, Drv("low-a"), Drv("low-b"))).Accepted);
        Assert.True(core.Submit(Run("high", 9, Drv("high-a"), Drv("long"), Drv("long-top", deps: ["long"]))).Accepted);

        var order = new List<string>();
        for (var now = 0.0; order.Count < 5; now += 60)
        {
            var dispatch = Assert.Single(core.Schedule(now));
            order.Add(dispatch.Derivation.Value);
            Assert.True(core.BuildFinished(dispatch.Derivation, now + 60));
        }

        Assert.Equal(["long", "high-a", "long-top", "low-a", "low-b"], order);
    }

    [Fact]
    public void Learnt_durations_change_the_critical_path_of_later_runs()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("big-1.0"));
        var dispatch = Assert.Single(core.Schedule(0));
        core.BuildFinished(dispatch.Derivation, 3600);

        Assert.True(core.Submit(Run("next", 0, Drv("small-2.0"), Drv("big-1.1"))).Accepted);

        Assert.Equal(3600, core.Describe(Id("big-1.1"))!.CriticalPathSeconds, 6);
        Assert.Equal(Id("big-1.1"), Assert.Single(core.Schedule(3600)).Derivation);
    }
}

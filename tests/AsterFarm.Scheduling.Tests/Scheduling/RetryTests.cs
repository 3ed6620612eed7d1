using AsterFarm.Scheduling.Placement;
using AsterFarm.Scheduling.Status;
using static AsterFarm.Scheduling.Tests.Farm;

namespace AsterFarm.Scheduling.Tests;

public sealed class RetryTests
{
    [Fact]
    public void A_retried_build_waits_out_its_backoff_with_the_reason_then_runs_again()
    {
        var core = Submitted(CoreWith(Native("n", X86)), Drv("a"));
        core.Schedule(0);

        Assert.True(core.BuildRetry(Id("a"), 10, "retrying in 10 s after: out of disk"));

        Assert.Equal(DerivationState.Planned, core.Describe(Id("a"))!.State);
        Assert.Equal("retrying in 10 s after: out of disk", core.Describe(Id("a"))!.Reason);
        Assert.Empty(core.Schedule(9));
        Assert.Equal("n", core.Schedule(10).Placed("a"));
        Assert.Equal(string.Empty, core.Describe(Id("a"))!.Reason);
    }

    [Fact]
    public void Scheduler_retries_on_another_builder_than_the_one_that_failed()
    {
        // "fast" wins every placement on estimates alone; after failing there the retry goes to "slow".
        var core = Submitted(CoreWith(Native("fast", X86, speed: 4), Native("slow", X86, speed: 1)), Drv("a"));
        Assert.Equal("fast", core.Schedule(0).Placed("a"));

        core.BuildRetry(Id("a"), 1, "QEMU died");

        Assert.Equal("slow", core.Schedule(1).Placed("a"));
    }

    [Fact]
    public void A_retry_waits_for_a_busy_other_builder_rather_than_return_to_the_failed_one()
    {
        var core = Submitted(CoreWith(Native("fast", X86, speed: 1.5), Native("slow", X86, speed: 1)), Drv("a"), Drv("b"));
        var first = core.Schedule(0);
        var onFast = first.Single(d => d.Node.Value == "fast").Derivation;

        core.BuildRetry(onFast, 1, "out of disk");
        var next = core.Schedule(1);

        Assert.Empty(next);
        var onSlow = first.Single(d => d.Node.Value == "slow").Derivation;
        core.BuildFinished(onSlow, 100);
        Assert.Equal("slow", core.Schedule(100).Placed(onFast.Value));
    }

    [Fact]
    public void With_no_other_capable_builder_a_retry_goes_back_to_the_one_that_failed()
    {
        var core = Submitted(CoreWith(Native("only", X86), Native("arm", Arm)), Drv("a"));
        core.Schedule(0);

        core.BuildRetry(Id("a"), 2, "cache unreachable");

        Assert.Equal("only", core.Schedule(2).Placed("a"));
    }

    [Fact]
    public void Every_builder_a_derivation_failed_on_is_avoided()
    {
        var core = Submitted(CoreWith(Native("n1", X86, speed: 3), Native("n2", X86, speed: 2), Native("n3", X86, speed: 1)), Drv("a"));
        Assert.Equal("n1", core.Schedule(0).Placed("a"));
        core.BuildRetry(Id("a"), 1, "lost");
        Assert.Equal("n2", core.Schedule(1).Placed("a"));
        core.BuildRetry(Id("a"), 2, "lost");

        Assert.Equal("n3", core.Schedule(2).Placed("a"));
    }

    [Fact]
    public void Fifo_placement_also_avoids_the_failed_builder()
    {
        var core = Submitted(CoreWith(SchedulingPolicy.Fifo, Native("n1", X86), Native("n2", X86)), Drv("a"));
        var first = core.Schedule(0).Placed("a");

        core.BuildRetry(Id("a"), 1, "lost");

        Assert.NotEqual(first, core.Schedule(1).Placed("a"));
    }
}

using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Coordinator.Tests.Scheduler;

public sealed class RetryPolicyTests
{
    private static readonly DerivationId Drv = new("0c7c58ai8yly6ggqb0awdqxdbn0afrna-hello-2.12.1.drv");

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(5, 32)]
    [InlineData(6, 60)]
    [InlineData(40, 60)]
    public void Backoff_doubles_from_the_base_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RetryPolicy.Backoff(failures, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(60)));

    [Fact]
    public void Infrastructure_failures_are_retried_with_growing_waits_until_the_limit()
    {
        var policy = new RetryPolicy(new FarmOptions { MaxInfrastructureAttempts = 3 });

        var first = policy.Decide(0, FailureClass.Infrastructure, "out of disk space");
        var second = policy.Decide(1, FailureClass.Infrastructure, "QEMU died with signal 11");
        var third = policy.Decide(2, FailureClass.Infrastructure, "the cache is unreachable");

        Assert.Equal((RetryVerdict.Retry, TimeSpan.FromSeconds(2), "retrying in 2 s after: out of disk space"), (first.Verdict, first.Delay, first.Reason));
        Assert.Equal((RetryVerdict.Retry, TimeSpan.FromSeconds(4)), (second.Verdict, second.Delay));
        Assert.Equal(RetryVerdict.Fail, third.Verdict);
        Assert.Equal("failed 3 times for infrastructure reasons; last: the cache is unreachable", third.Reason);
    }

    [Fact]
    public void Build_failures_are_final_and_cached()
    {
        var policy = new RetryPolicy(new FarmOptions());

        var decision = policy.Decide(0, FailureClass.Build, "builder exited with code 2");

        Assert.Equal((RetryVerdict.FailAndCache, "builder exited with code 2"), (decision.Verdict, decision.Reason));
    }

    [Fact]
    public void Refusals_are_placed_elsewhere_without_counting_as_attempts()
    {
        var policy = new RetryPolicy(new FarmOptions { MaxInfrastructureAttempts = 1 });
        var state = new SchedulerState();

        for (var i = 0; i < 5; i++)
        {
            var decision = policy.Decide(state.InfrastructureFailures.GetValueOrDefault(Drv.Value), FailureClass.Refused, "this node does not build riscv64-linux");
            Assert.Equal(RetryVerdict.Retry, decision.Verdict);
            state.Apply(TryFailed(FailureClass.Refused, decision));
        }

        Assert.Empty(state.InfrastructureFailures);
    }

    [Fact]
    public void A_built_derivation_starts_counting_again()
    {
        var policy = new RetryPolicy(new FarmOptions { MaxInfrastructureAttempts = 2 });
        var state = new SchedulerState();
        state.Apply(TryFailed(FailureClass.Infrastructure, policy.Decide(0, FailureClass.Infrastructure, "lost")));

        state.Apply(new BuildSucceeded(LeaseId.New(), Drv.Value, "x86-1", DateTime.UnixEpoch, null));

        Assert.Equal(RetryVerdict.Retry, policy.Decide(state.InfrastructureFailures.GetValueOrDefault(Drv.Value), FailureClass.Infrastructure, "lost").Verdict);
    }

    private static BuildTryFailed TryFailed(FailureClass failureClass, RetryDecision decision) => new(
        LeaseId.New(), Drv.Value, "x86-1", 1, failureClass, "lost", decision.Reason, decision.Verdict != RetryVerdict.Retry,
        decision.Verdict == RetryVerdict.FailAndCache, false, DateTime.UnixEpoch, decision.Delay);
}

using AsterFarm.Coordinator.Farm.Scheduler;
using AsterFarm.Coordinator.Scheduling.Identifiers;

namespace AsterFarm.Coordinator.Tests.Farm;

public sealed class FailureCacheTests
{
    private static readonly DerivationId Drv = new("0c7c58ai8yly6ggqb0awdqxdbn0afrna-hello-2.12.1.drv");
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_build_failure_is_remembered_until_it_expires()
    {
        var cache = new FailureCache(TimeSpan.FromHours(24));
        cache.Record(Drv, "builder exited with code 2", At);

        Assert.Equal("cached failure from 2025-06-01 12:00:00Z: builder exited with code 2", cache.Find(Drv, At.AddHours(23))!.Describe());
        Assert.Null(cache.Find(Drv, At.AddHours(24)));
        Assert.Empty(cache.Entries);
    }

    [Fact]
    public void A_derivation_built_after_all_is_forgotten()
    {
        var cache = new FailureCache(TimeSpan.FromHours(24));
        cache.Record(Drv, "hash mismatch", At);

        cache.Forget(Drv);

        Assert.Null(cache.Find(Drv, At));
    }

    [Fact]
    public void A_zero_expiry_remembers_nothing()
    {
        var cache = new FailureCache(TimeSpan.Zero);

        cache.Record(Drv, "hash mismatch", At);

        Assert.Null(cache.Find(Drv, At));
    }
}

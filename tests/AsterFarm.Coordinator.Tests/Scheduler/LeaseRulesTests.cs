using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Tests.Scheduler;

public sealed class LeaseRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public void A_builder_is_silent_only_when_not_heard_from_for_longer_than_the_timeout()
    {
        var heard = new Dictionary<NodeName, DateTimeOffset>
        {
            [new NodeName("fresh")] = Now - TimeSpan.FromSeconds(5),
            [new NodeName("edge")] = Now - Timeout,
            [new NodeName("gone")] = Now - TimeSpan.FromSeconds(16),
        };

        Assert.Equal([new NodeName("gone")], LeaseRules.Silent(heard, Now, Timeout));
    }

    [Fact]
    public void A_recovered_lease_is_unclaimed_once_its_deadline_passed()
    {
        var late = LeaseId.New();
        var deadlines = new Dictionary<LeaseId, DateTimeOffset> { [late] = Now - TimeSpan.FromSeconds(1), [LeaseId.New()] = Now + TimeSpan.FromSeconds(1) };

        Assert.Equal([late], LeaseRules.Unclaimed(deadlines, Now));
    }

    [Fact]
    public void A_re_registering_builder_takes_back_the_leases_it_reports_and_ends_the_others_of_its_own()
    {
        var (reported, forgotten, elsewhere) = (LeaseId.New(), LeaseId.New(), LeaseId.New());
        var recovered = new Dictionary<LeaseId, LeaseEntry>
        {
            [reported] = new(new DerivationId("a.drv"), new NodeName("n1"), 1),
            [forgotten] = new(new DerivationId("b.drv"), new NodeName("n1"), 1),
            [elsewhere] = new(new DerivationId("c.drv"), new NodeName("n2"), 1),
        };
        var running = new RunningBuild(reported, StorePath.Parse("0123456789abcdfghijklmnpqrsvwxyz-a.drv"), DateTime.UtcNow);
        var unknown = new RunningBuild(LeaseId.New(), StorePath.Parse("0123456789abcdfghijklmnpqrsvwxyz-z.drv"), DateTime.UtcNow);

        var (attach, requeue) = LeaseRules.Reclaim(new NodeName("n1"), [running, unknown], recovered);

        Assert.Equal([reported], attach);
        Assert.Equal([forgotten], requeue);
    }

    [Fact]
    public void Reported_builds_count_as_the_builder_s_own_only_under_its_leases_in_flight_for_the_same_derivation()
    {
        var (own, elsewhere, mismatched) = (LeaseId.New(), LeaseId.New(), LeaseId.New());
        var leases = new Dictionary<LeaseId, LeaseEntry>
        {
            [own] = new(new DerivationId(Drv("a")), new NodeName("n1"), 1),
            [elsewhere] = new(new DerivationId(Drv("b")), new NodeName("n2"), 2),
            [mismatched] = new(new DerivationId(Drv("c")), new NodeName("n1"), 1),
        };
        var expired = new RunningBuild(LeaseId.New(), StorePath.Parse(Drv("b")), DateTime.UtcNow);
        RunningBuild[] reported =
        [
            new(own, StorePath.Parse(Drv("a")), DateTime.UtcNow),
            new(own, StorePath.Parse(Drv("a")), DateTime.UtcNow),
            new(elsewhere, StorePath.Parse(Drv("b")), DateTime.UtcNow),
            new(mismatched, StorePath.Parse(Drv("d")), DateTime.UtcNow),
            expired,
        ];

        var (current, uncounted) = LeaseRules.SortReported(new NodeName("n1"), reported, leases);

        Assert.Equal([own], current);
        Assert.Equal([elsewhere, mismatched, expired.Lease], uncounted.Select(build => build.Lease));
    }

    private static string Drv(string name) => $"0123456789abcdfghijklmnpqrsvwxyz-{name}.drv";
}

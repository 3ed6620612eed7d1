using Akka.TestKit;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>
/// A builder process that restarts under the same name is a new incarnation: what the old one ran is lost and placed
/// again at once. And a lease its builder's heartbeats stop naming ends after the lease timeout, even with no build
/// timeout (issue 11, defect 3).
/// </summary>
public sealed class BuilderIncarnationSpecs : SchedulerSpecBase
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_builder_restarted_under_the_same_name_gets_its_lost_build_again_at_once()
    {
        var drv = await Drvs.AddAsync("killed-mid-build-1.0");
        var before = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        var lost = before.ExpectMsg<DispatchBuild>(Wait);

        // The process was SIGKILLed and came back: same name, same capabilities, a new actor, nothing running.
        var after = Restarted("x86-1", slots: 1);

        var again = after.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal((drv, 2), (again.DrvPath, again.Attempt));
        Assert.NotEqual(lost.Lease, again.Lease);
        var status = StatusOf(run);
        var attempt = Assert.Single(status.Attempts ?? []);
        Assert.Equal((FailureClass.Infrastructure, "x86-1"), (attempt.Class, attempt.Node.Value));
        Assert.Contains("restarted", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_restarted_builder_is_listed_with_its_slots_free_once_the_lost_build_ends()
    {
        var drv = await Drvs.AddAsync("lost-slot-1.0");
        var before = RegisterBuilder("x86-1", ["x86_64-linux"], slots: 2);
        SubmitAccepted(drv);
        before.ExpectMsg<DispatchBuild>(Wait);

        var after = Restarted("x86-1", slots: 2);
        var again = after.ExpectMsg<DispatchBuild>(Wait);

        Scheduler.Tell(new ListBuilders(ListBuilders.MaxBuilders), TestActor);
        var listed = Assert.Single(ExpectMsg<BuilderList>(Wait).Builders);
        Assert.Equal(again.Lease, Assert.Single(listed.Running).Lease);
        Assert.Equal(1, listed.FreeSlots);
    }

    [Fact]
    public async Task A_lease_its_live_builder_stops_naming_in_heartbeats_is_placed_again_after_the_lease_timeout()
    {
        var drv = await Drvs.AddAsync("forgotten-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        var first = builder.ExpectMsg<DispatchBuild>(Wait);
        Heartbeat(builder, "x86-1", Running(first));
        StatusOf(run); // the heartbeat is handled before the clock moves

        // The builder keeps heartbeating but no longer runs the build (it never reached it, or lost it).
        ExpireSilentBuilder(builder, "x86-1");

        var expired = AwaitStatus(run, s => s.Attempts is { Count: 1 }, "the unreported try to be counted as failed");
        var attempt = Assert.Single(expired.Attempts!);
        Assert.Equal((FailureClass.Infrastructure, "x86-1"), (attempt.Class, attempt.Node.Value));
        Assert.Contains("heartbeats", attempt.Reason, StringComparison.Ordinal);
        Clock.Advance(Options.RetryBackoff);
        Heartbeat(builder, "x86-1");
        var again = builder.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal((drv, 2), (again.DrvPath, again.Attempt));
    }

    /// <summary>The builder <paramref name="name"/> registering from a new process: a new actor (another probe), nothing running.</summary>
    private TestProbe Restarted(string name, int slots)
    {
        var probe = CreateTestProbe(name + "-restarted");
        Reregister(probe, name, slots);
        return probe;
    }

    private static RunningBuild Running(DispatchBuild dispatch) => new(dispatch.Lease, dispatch.DrvPath, DateTime.UtcNow);
}

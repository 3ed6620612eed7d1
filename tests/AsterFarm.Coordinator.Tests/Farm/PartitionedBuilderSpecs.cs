using Akka.TestKit;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;

namespace AsterFarm.Coordinator.Tests.Farm;

/// <summary>
/// A builder cut off mid-build whose lease expired comes back still running the build, which was meanwhile placed
/// on another builder: its slot stays taken until that build ends, and the first result of the two wins, once.
/// </summary>
public sealed class PartitionedBuilderSpecs : SchedulerSpecBase
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_builder_back_from_a_partition_is_sent_no_work_until_its_expired_build_ends()
    {
        var cut = await Drvs.AddAsync("cut-off-1.0");
        var later = await Drvs.AddAsync("later-1.0");
        var (back, old, retry) = CutOffMidBuild(cut);
        var alive = Builders["x86-2"];
        Assert.Equal((cut, 2), (retry.DrvPath, retry.Attempt));

        Reregister(back, "x86-1", Running(old));
        var run = SubmitAccepted(later);

        back.ExpectNoMsg(Quiet);
        AwaitStatus(run, s => s.Builds.Any(b => b.DrvPath == later && b.State == BuildState.Waiting), "the later build to wait for a free slot");
        Heartbeat(back, "x86-1", Running(old));
        back.ExpectNoMsg(Quiet);

        Heartbeat(back, "x86-1");

        Assert.Equal(later, back.ExpectMsg<DispatchBuild>(Wait).DrvPath);
    }

    [Fact]
    public async Task The_first_of_two_results_for_a_re_dispatched_build_counts_once_and_stops_the_other()
    {
        var cut = await Drvs.AddAsync("raced-1.0");
        var (back, old, retry) = CutOffMidBuild(cut);
        var alive = Builders["x86-2"];
        Reregister(back, "x86-1", Running(old));
        var follower = CreateTestProbe();
        Scheduler.Tell(new SubscribeRun(Run), follower.Ref);
        follower.ExpectMsg<RunStatus>(Wait);

        Finish(back, old, "x86-1");

        var built = follower.ExpectMsg<RunBuildEvent>(Wait);
        Assert.Equal((cut, BuildState.Built), (built.Build.DrvPath, built.Build.State));
        Assert.Equal(retry.Lease, alive.ExpectMsg<CancelBuild>(Wait).Lease);
        Finish(alive, retry, "x86-2");
        Finish(back, old, "x86-1");
        var ended = follower.ExpectMsg<RunStatus>(Wait);
        Assert.Equal(RunState.Succeeded, ended.State);
        follower.ExpectNoMsg(Quiet);
        Assert.Equal(1, Assert.Single(StatusOf(Run).Systems).Done);
    }

    [Fact]
    public async Task The_build_placed_again_keeps_its_slot_until_its_builder_reports_it_stopped()
    {
        var cut = await Drvs.AddAsync("stopped-1.0");
        var next = await Drvs.AddAsync("next-1.0");
        var (back, old, retry) = CutOffMidBuild(cut);
        var alive = Builders["x86-2"];
        Reregister(back, "x86-1", Running(old));
        Finish(back, old, "x86-1");
        alive.ExpectMsg<CancelBuild>(Wait);
        Leave(back, "x86-1");

        SubmitAccepted(next);

        // The only builder left is still stopping the superseded build: it would refuse the next one.
        alive.ExpectNoMsg(Quiet);
        Fail(alive, retry, "x86-2", FailureClass.Infrastructure, "cancelled");
        Assert.Equal(next, alive.ExpectMsg<DispatchBuild>(Wait).DrvPath);
    }

    [Fact]
    public async Task A_builder_registering_with_new_capabilities_keeps_the_builds_it_reports_under_its_leases()
    {
        var kept = await Drvs.AddAsync("kept-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(kept);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);

        Reregister(builder, "x86-1", slots: 2, Running(dispatch));

        builder.ExpectNoMsg(Quiet);
        Finish(builder, dispatch, "x86-1");
        var done = AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed on the kept build");
        Assert.Empty(done.Attempts ?? []);
    }

    private Dictionary<string, TestProbe> Builders { get; } = [];

    private RunId Run { get; set; }

    /// <summary>
    /// x86-1 takes <paramref name="drv"/>, then goes silent past the lease timeout while x86-2 heartbeats: the build is
    /// placed again on x86-2, and x86-1's next heartbeat is answered as from a node the scheduler no longer knows.
    /// </summary>
    private (TestProbe Back, DispatchBuild Old, DispatchBuild Retry) CutOffMidBuild(StorePath drv)
    {
        var back = Builders["x86-1"] = RegisterBuilder("x86-1", ["x86_64-linux"]);
        Run = SubmitAccepted(drv);
        var old = back.ExpectMsg<DispatchBuild>(Wait);
        var alive = Builders["x86-2"] = RegisterBuilder("x86-2", ["x86_64-linux"]);
        ExpireSilentBuilder(alive, "x86-2");
        var retry = alive.ExpectMsg<DispatchBuild>(Wait);
        Heartbeat(back, "x86-1", Running(old));
        back.ExpectMsg<BuilderUnknown>(Wait);
        return (back, old, retry);
    }

    /// <summary>The builder's actor stops (the node left); returns once the scheduler no longer lists it.</summary>
    private void Leave(TestProbe builder, string name)
    {
        Watch(builder.Ref);
        Sys.Stop(builder.Ref);
        ExpectTerminated(builder.Ref, Wait);
        AwaitCondition(
            () =>
            {
                Scheduler.Tell(new ListBuilders(ListBuilders.MaxBuilders), TestActor);
                return ExpectMsg<BuilderList>(Wait).Builders.All(b => b.Node.Value != name);
            },
            Wait,
            TimeSpan.FromMilliseconds(50));
    }

    private static RunningBuild Running(DispatchBuild dispatch) => new(dispatch.Lease, dispatch.DrvPath, DateTime.UtcNow);
}

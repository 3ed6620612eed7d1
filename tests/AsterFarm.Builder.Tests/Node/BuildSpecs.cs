using AsterFarm.Builder.Node;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Node;

public sealed class BuildSpecs : NodeActorSpecBase
{
    private static readonly PhaseTimings Timings = new(
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    [Fact]
    public async Task A_dispatched_build_is_confirmed_run_and_reported_finished_with_its_outputs()
    {
        var node = StartRegisteredNode();
        var dispatch = Dispatch();

        Scheduler.Send(node, dispatch);
        var started = Scheduler.ExpectMsg<BuildStarted>();
        var running = await Executor.NextStartedAsync();
        var output = new BuiltOutput("out", StorePath.Parse("1dgs4xdj5wnlz6hv6zd7bs8sgxd6ww9x-hello"), NixHash.Sha256("nar"), 120);
        Executor.Complete(dispatch.Lease, BuildOutcome.Success([output], Timings));
        var finished = Scheduler.ExpectMsg<BuildFinished>();

        Assert.Equal(new BuildStarted(dispatch.Lease, Node, started.StartedAtUtc, Emulated: false, dispatch.Trace), started);
        Assert.Equal(dispatch, running);
        Assert.Equal(new BuildFinished(dispatch.Lease, dispatch.DrvPath, Node, [output], Timings, dispatch.Trace), finished);
    }

    [Fact]
    public void A_build_for_an_emulated_system_is_reported_as_emulated()
    {
        var node = StartRegisteredNode();

        Scheduler.Send(node, Dispatch(system: "riscv64-linux"));

        Assert.True(Scheduler.ExpectMsg<BuildStarted>().Emulated);
    }

    [Fact]
    public async Task A_failed_build_is_reported_with_its_class_reason_and_log_tail()
    {
        var node = StartRegisteredNode();
        var dispatch = Dispatch();
        Scheduler.Send(node, dispatch);
        Scheduler.ExpectMsg<BuildStarted>();
        await Executor.NextStartedAsync();

        Executor.Complete(dispatch.Lease, BuildOutcome.Failed(new BuildFailure(FailureClass.Build, "builder exited with code 2", "make: *** Error 2\n"), Timings));

        Assert.Equal(
            new BuildFailed(dispatch.Lease, dispatch.DrvPath, Node, FailureClass.Build, "builder exited with code 2", "make: *** Error 2\n", Timings, dispatch.Trace),
            Scheduler.ExpectMsg<BuildFailed>());
    }

    [Fact]
    public void An_executor_that_throws_fails_the_build_as_an_infrastructure_failure()
    {
        Executor.ThrowOnStart = new IOException("No space left on device");
        var node = StartRegisteredNode();
        var dispatch = Dispatch();

        Scheduler.Send(node, dispatch);
        Scheduler.ExpectMsg<BuildStarted>();
        var failed = Scheduler.ExpectMsg<BuildFailed>();

        Assert.Equal(FailureClass.Infrastructure, failed.Class);
        Assert.Contains("No space left on device", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dispatch_beyond_the_free_slots_is_refused_so_the_scheduler_places_it_elsewhere()
    {
        var node = StartRegisteredNode();
        Scheduler.Send(node, Dispatch("a"));
        Scheduler.Send(node, Dispatch("b"));
        Scheduler.ExpectMsg<BuildStarted>();
        Scheduler.ExpectMsg<BuildStarted>();
        var third = Dispatch("c");

        Scheduler.Send(node, third);
        var refused = Scheduler.ExpectMsg<BuildFailed>();

        Assert.Equal(third.Lease, refused.Lease);
        Assert.Equal(FailureClass.Refused, refused.Class);
        Assert.Equal("no free slot: 2 of 2 busy", refused.Reason);
        await Executor.NextStartedAsync();
        await Executor.NextStartedAsync();
        Assert.Equal(2, Executor.StartedCount);
    }

    [Fact]
    public void A_dispatch_for_a_system_the_node_does_not_offer_is_refused()
    {
        var node = StartRegisteredNode();

        Scheduler.Send(node, Dispatch(system: "aarch64-linux"));

        var refused = Scheduler.ExpectMsg<BuildFailed>();
        Assert.Equal("this node does not build aarch64-linux; it offers x86_64-linux, riscv64-linux (emulated)", refused.Reason);
    }

    [Fact]
    public async Task A_resent_dispatch_of_a_running_lease_is_confirmed_again_without_a_second_build()
    {
        var node = StartRegisteredNode();
        var dispatch = Dispatch();
        Scheduler.Send(node, dispatch);
        var first = Scheduler.ExpectMsg<BuildStarted>();
        await Executor.NextStartedAsync();

        Scheduler.Send(node, dispatch);

        Assert.Equal(first, Scheduler.ExpectMsg<BuildStarted>());
        Assert.Equal(1, Executor.StartedCount);
    }

    [Fact]
    public async Task A_cancelled_build_is_stopped_without_a_result_and_its_slot_is_freed()
    {
        var node = StartRegisteredNode();
        var cancelled = Dispatch("a");
        Scheduler.Send(node, cancelled);
        Scheduler.Send(node, Dispatch("b"));
        Scheduler.ExpectMsg<BuildStarted>();
        Scheduler.ExpectMsg<BuildStarted>();
        await Executor.NextStartedAsync();

        Scheduler.Send(node, new CancelBuild(cancelled.Lease, "run cancelled"));
        Assert.Equal(cancelled.Lease, await Executor.NextCancelledAsync());

        // The slot frees once the build has stopped; the scheduler hears nothing about the cancelled lease.
        var replies = await DispatchUntilStartedAsync(node);
        Assert.DoesNotContain(replies, reply => reply is BuildFailed failed && failed.Lease == cancelled.Lease);
        Assert.DoesNotContain(replies, reply => reply is BuildFinished);
    }

    private async Task<List<object>> DispatchUntilStartedAsync(Akka.Actor.IActorRef node)
    {
        var replies = new List<object>();
        await Kit.AwaitAssertAsync(
            () =>
            {
                Scheduler.Send(node, Dispatch("c"));
                var reply = Scheduler.ReceiveOne(TimeSpan.FromSeconds(3));
                replies.Add(reply);
                Assert.True(reply is BuildStarted, $"expected BuildStarted once the cancelled build stopped, got {reply}");
            },
            TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(20));
        return replies;
    }
}

using Akka.Actor;
using AsterFarm.Builder.Node;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Tests.Node;

public sealed class RegistrationSpecs : NodeActorSpecBase
{
    [Fact]
    public void A_starting_node_registers_its_capabilities_and_resends_until_acknowledged()
    {
        StartNode(registrationRetry: TimeSpan.FromMilliseconds(100));

        var first = Scheduler.ExpectMsg<RegisterBuilder>();
        var second = Scheduler.ExpectMsg<RegisterBuilder>();

        Assert.Equal(first, second);
        Assert.Equal(Node, first.Node);
        Assert.Equal(Capabilities, first.Capabilities);
        Assert.Empty(first.Running);
    }

    [Fact]
    public void Once_acknowledged_the_node_stops_registering_and_heartbeats_at_the_schedulers_interval()
    {
        var node = StartNode(registrationRetry: TimeSpan.FromMilliseconds(100));
        Scheduler.ExpectMsg<RegisterBuilder>();

        Scheduler.Send(node, new BuilderRegistered(Node, TimeSpan.FromMilliseconds(50)));

        // Registrations already in flight may still arrive; after the first heartbeat only heartbeats follow.
        Scheduler.FishForMessage<BuilderHeartbeat>(_ => true);
        for (var i = 0; i < 3; i++)
        {
            var heartbeat = Scheduler.ExpectMsg<BuilderHeartbeat>();
            Assert.Equal(new BuilderHeartbeat(Node, Capabilities.Slots, []), heartbeat);
        }
    }

    [Fact]
    public async Task Heartbeats_report_the_running_builds_and_the_free_slots()
    {
        var node = StartRegisteredNode(heartbeat: TimeSpan.FromMilliseconds(50));
        var dispatch = Dispatch();
        Scheduler.Send(node, dispatch);
        var started = await Scheduler.FishForMessageAsync<BuildStarted>(_ => true);

        var heartbeat = await Scheduler.FishForMessageAsync<BuilderHeartbeat>(h => h.Running.Count == 1);

        Assert.Equal(1, heartbeat.FreeSlots);
        Assert.Equal(dispatch.Lease, heartbeat.Running[0].Lease);
        Assert.Equal(dispatch.DrvPath, heartbeat.Running[0].DrvPath);
        Assert.Equal(started.StartedAtUtc, heartbeat.Running[0].StartedAtUtc);
    }

    [Fact]
    public async Task When_the_acknowledging_scheduler_stops_the_node_registers_again_with_its_running_builds()
    {
        var node = StartNode();
        Scheduler.ExpectMsg<RegisterBuilder>();
        var singleton = Kit.CreateTestProbe("scheduler-singleton");
        singleton.Send(node, new BuilderRegistered(Node, TimeSpan.FromMinutes(10)));
        var dispatch = Dispatch();
        Scheduler.Send(node, dispatch);
        Scheduler.ExpectMsg<BuildStarted>();
        await Executor.NextStartedAsync();

        Kit.Sys.Stop(singleton.Ref);

        var again = Scheduler.ExpectMsg<RegisterBuilder>();
        Assert.Equal([dispatch.Lease], again.Running.Select(r => r.Lease));
    }

    [Fact]
    public async Task Before_registering_again_the_node_resends_its_latest_results_which_a_dying_scheduler_may_have_lost()
    {
        var node = StartNode();
        Scheduler.ExpectMsg<RegisterBuilder>();
        var singleton = Kit.CreateTestProbe("scheduler-singleton");
        singleton.Send(node, new BuilderRegistered(Node, TimeSpan.FromMinutes(10)));
        var built = Dispatch("built");
        var failed = Dispatch("failed");
        Scheduler.Send(node, built);
        Scheduler.Send(node, failed);
        Scheduler.ExpectMsg<BuildStarted>();
        Scheduler.ExpectMsg<BuildStarted>();
        await Executor.NextStartedAsync();
        await Executor.NextStartedAsync();
        var timings = PhaseTimings.Zero;
        Executor.Complete(built.Lease, BuildOutcome.Success([], timings));
        var finished = Scheduler.ExpectMsg<BuildFinished>();
        Executor.Complete(failed.Lease, BuildOutcome.Failed(new BuildFailure(FailureClass.Build, "exit 1"), timings));
        var failure = Scheduler.ExpectMsg<BuildFailed>();

        Kit.Sys.Stop(singleton.Ref);

        Assert.Equal(finished, Scheduler.ExpectMsg<BuildFinished>());
        Assert.Equal(failure, Scheduler.ExpectMsg<BuildFailed>());
        Assert.Empty(Scheduler.ExpectMsg<RegisterBuilder>().Running);
    }

    [Fact]
    public void The_node_keeps_only_its_latest_results_for_resending()
    {
        var state = BuilderNodeState.Initial;
        var results = Enumerable.Range(0, 5).Select(i => (IAsterFarmMessage)new BuildFailed(
            LeaseId.New(), Dispatch("r" + i).DrvPath, Node, FailureClass.Build, "exit 1", string.Empty, PhaseTimings.Zero, null)).ToList();

        foreach (var result in results)
        {
            state = state.Reported(result, keep: 3);
        }

        Assert.Equal(results[2..], state.RecentResults);
    }

    [Fact]
    public void A_scheduler_that_does_not_know_the_node_gets_a_new_registration_at_once()
    {
        var node = StartRegisteredNode();

        Scheduler.Send(node, new BuilderUnknown(Node, "scheduler started on coordinator-1"));

        var again = Scheduler.ExpectMsg<RegisterBuilder>();
        Assert.Equal(Capabilities, again.Capabilities);
    }

    [Fact]
    public void An_unacknowledged_re_registration_is_resent_until_a_scheduler_answers()
    {
        var node = StartNode(registrationRetry: TimeSpan.FromMilliseconds(100));
        Scheduler.ExpectMsg<RegisterBuilder>();
        Scheduler.Send(node, new BuilderRegistered(Node, TimeSpan.FromMinutes(10)));

        Scheduler.Send(node, new BuilderUnknown(Node, "new singleton"));

        Scheduler.ExpectMsg<RegisterBuilder>();
        Scheduler.ExpectMsg<RegisterBuilder>();
        Scheduler.ExpectMsg<RegisterBuilder>();
    }

    [Fact]
    public void A_registration_acknowledgement_for_another_node_is_ignored()
    {
        var node = StartNode(registrationRetry: TimeSpan.FromMilliseconds(100));
        Scheduler.ExpectMsg<RegisterBuilder>();

        Scheduler.Send(node, new BuilderRegistered(new Shared.Protocol.NodeName("someone-else"), TimeSpan.FromMinutes(10)));

        Scheduler.ExpectMsg<RegisterBuilder>();
        Assert.False(node.IsNobody());
    }
}

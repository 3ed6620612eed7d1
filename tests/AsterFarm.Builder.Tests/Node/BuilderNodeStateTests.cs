using AsterFarm.Builder.Node;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Node;

public sealed class BuilderNodeStateTests
{
    private static readonly BuilderCapabilities OneSlot = new(["x86_64-linux"], [new EmulatedSystem("aarch64-linux", 5)], [], 1, 1, "test", "http://cache", 1.0);
    private static readonly DateTime At = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static DispatchBuild Dispatch(string system = "x86_64-linux") => new(
        LeaseId.New(), 1, StorePath.Parse("0c7c58ai8yly6ggqb0awdqxdbn0afrna-a.drv"), system, ["out"], new BuildDeadlines(TimeSpan.Zero, TimeSpan.Zero), null);

    [Fact]
    public void A_native_system_starts_natively_and_an_emulated_one_under_emulation()
    {
        Assert.Equal(new DispatchDecision(DispatchVerdict.Start, Emulated: false), BuilderNodeState.Initial.Decide(Dispatch(), OneSlot));
        Assert.Equal(new DispatchDecision(DispatchVerdict.Start, Emulated: true), BuilderNodeState.Initial.Decide(Dispatch("aarch64-linux"), OneSlot));
    }

    [Fact]
    public void A_cancelled_build_holds_its_slot_until_it_has_stopped_but_is_no_longer_reported()
    {
        var dispatch = Dispatch();
        var cancelling = BuilderNodeState.Initial.Start(dispatch, At, emulated: false).Cancel(dispatch.Lease);

        Assert.Empty(cancelling.Running);
        Assert.Equal(0, cancelling.FreeSlots(OneSlot));
        Assert.Equal(DispatchVerdict.Refuse, cancelling.Decide(Dispatch(), OneSlot).Verdict);
        Assert.Equal(1, cancelling.Finish(dispatch.Lease).FreeSlots(OneSlot));
    }

    [Fact]
    public void Running_builds_are_reported_oldest_first()
    {
        var older = Dispatch();
        var newer = Dispatch();
        var state = BuilderNodeState.Initial.Start(newer, At.AddSeconds(5), false).Start(older, At, false);

        Assert.Equal([older.Lease, newer.Lease], state.Running.Select(r => r.Lease));
    }

    [Fact]
    public void Losing_the_scheduler_keeps_the_running_builds()
    {
        var dispatch = Dispatch();
        var state = BuilderNodeState.Initial.Acknowledged(TimeSpan.FromSeconds(5)).Start(dispatch, At, false).Unregistered();

        Assert.False(state.Registered);
        Assert.Null(state.HeartbeatInterval);
        Assert.Single(state.Running);
    }
}

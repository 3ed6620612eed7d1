using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Builder.Node;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsterFarm.Builder.Tests.Node;

/// <summary>
/// An actor system configured as nodes are (the AsterFarm serializer, every message serialized), a probe playing the
/// scheduler's proxy and a <see cref="ControlledExecutor"/>.
/// </summary>
public abstract class NodeActorSpecBase : IAsyncLifetime
{
    protected static readonly NodeName Node = new("builder-test-0");

    private readonly IHost _host = new HostBuilder()
        .ConfigureServices(services => services.AddAkka("node-spec", (akka, _) => akka
            .WithAsterFarmSerialization()
            .AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend)
            // The CI machine is shared and often overloaded: a reply can take seconds, not milliseconds.
            .AddHocon("akka.test.single-expect-default = 20s", HoconAddMode.Prepend)))
        .Build();

    protected Akka.TestKit.Xunit2.TestKit Kit { get; private set; } = null!;

    protected Akka.TestKit.TestProbe Scheduler { get; private set; } = null!;

    internal ControlledExecutor Executor { get; } = new();

    protected static BuilderCapabilities Capabilities { get; } = new(
        NativeSystems: ["x86_64-linux"],
        EmulatedSystems: [new EmulatedSystem("riscv64-linux", 5.0)],
        Features: ["big-parallel"],
        Slots: 2,
        CoresPerSlot: 1,
        MachineClass: "test",
        CacheUrl: "http://127.0.0.1:1",
        Speed: 1.0);

    public async Task InitializeAsync()
    {
        await _host.StartAsync();
        Kit = new Akka.TestKit.Xunit2.TestKit(_host.Services.GetRequiredService<ActorSystem>());
        Scheduler = Kit.CreateTestProbe("scheduler-proxy");
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    protected IActorRef StartNode(TimeSpan? registrationRetry = null) =>
        Kit.Sys.ActorOf(BuilderNodeActor.Props(
            new BuilderNodeActorSettings(Node, Capabilities, registrationRetry ?? TimeSpan.FromMinutes(10)), Scheduler.Ref, Executor));

    /// <summary>A node that has registered and heard back (with heartbeats far apart unless asked otherwise).</summary>
    protected IActorRef StartRegisteredNode(TimeSpan? heartbeat = null)
    {
        var node = StartNode();
        Scheduler.ExpectMsg<RegisterBuilder>();
        Scheduler.Send(node, new BuilderRegistered(Node, heartbeat ?? TimeSpan.FromMinutes(10)));
        return node;
    }

    protected static DispatchBuild Dispatch(string name = "hello", string system = "x86_64-linux") => new(
        LeaseId.New(),
        1,
        StorePath.Parse($"0c7c58ai8yly6ggqb0awdqxdbn0afrna-{name}.drv"),
        system,
        ["out"],
        new BuildDeadlines(TimeSpan.Zero, TimeSpan.Zero),
        new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null));
}

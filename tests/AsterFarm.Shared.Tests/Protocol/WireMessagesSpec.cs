using Akka.Actor;
using Akka.Hosting;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>
/// Every wire type through a real actor system configured as nodes are (the same
/// <see cref="AkkaConfigurationExtensions.WithAsterFarmSerialization"/>), with every message serialized.
/// </summary>
public sealed class WireMessagesSpec : IAsyncLifetime
{
    private readonly IHost _host = new HostBuilder()
        .ConfigureServices(services => services.AddAkka("wire-spec", (akka, _) => akka
            .WithAsterFarmSerialization()
            .AddHocon("akka.actor.serialize-messages = on", HoconAddMode.Prepend)))
        .Build();

    public Task InitializeAsync() => _host.StartAsync();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public void Every_wire_type_crosses_an_actor_hop_with_serialize_messages_on()
    {
        var system = _host.Services.GetRequiredService<ActorSystem>();
        var kit = new Akka.TestKit.Xunit2.TestKit(system);
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");

        Assert.True(system.Settings.SerializeAllMessages, "serialize-messages should be on");
        foreach (var sample in ProtocolSamples.Full.Concat(ProtocolSamples.Sparse))
        {
            Assert.IsType<AsterFarmMessageSerializer>(system.Serialization.FindSerializerFor(sample));

            echo.Tell(sample, kit.TestActor);

            var reply = kit.ExpectMsg<IAsterFarmMessage>(TimeSpan.FromSeconds(5));
            Assert.True(sample.Equals(reply), $"{sample.GetType().Name}: sent {sample}, received {reply}");
        }
    }
}

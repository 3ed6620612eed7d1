using Akka.Actor;

namespace AsterFarm.Shared.Tests.Protocol;

/// <summary>Replies with whatever it receives: a local hop that <c>serialize-messages = on</c> must serialize.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(message => Sender.Tell(message));
}

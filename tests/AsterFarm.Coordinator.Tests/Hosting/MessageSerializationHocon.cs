using Akka.Configuration;
using AsterFarm.Hosting;
using AsterFarm.Shared.Protocol;

namespace AsterFarm.Coordinator.Tests.Hosting;

/// <summary>
/// The protocol's serializer for a TestKit actor system, named by type so a move of either type cannot leave a spec
/// pointing at a name that no longer resolves. With <c>serialize-messages</c> every message crosses as between nodes.
/// </summary>
internal static class MessageSerializationHocon
{
    public static Config For(bool serializeMessages) => ConfigurationFactory.ParseString(
        $$"""
        akka.actor.serialize-messages = {{(serializeMessages ? "on" : "off")}}
        akka.actor.serializers.asterfarm = "{{typeof(AsterFarmMessageSerializer).AssemblyQualifiedName}}"
        akka.actor.serialization-bindings { "{{typeof(IAsterFarmMessage).AssemblyQualifiedName}}" = asterfarm }
        akka.actor.serialization-identifiers { "{{typeof(AsterFarmMessageSerializer).AssemblyQualifiedName}}" = {{AsterFarmMessageSerializer.SerializerId}} }
        """);
}

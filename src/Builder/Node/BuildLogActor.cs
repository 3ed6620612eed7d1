using Akka.Actor;
using AsterFarm.Shared.Protocol.Dashboard;

namespace AsterFarm.Builder.Node;

/// <summary>
/// Answers the dashboard's <see cref="GetBuildLog"/> from <see cref="LiveBuildLogs"/> at <c>/user/build-logs</c>:
/// a coordinator following a running build's log asks it for the bytes after what it has.
/// </summary>
public sealed class BuildLogActor : ReceiveActor
{
    public BuildLogActor(LiveBuildLogs logs) =>
        Receive<GetBuildLog>(query => Sender.Tell(logs.Read(query.DrvPath, query.Offset)));

    public static Props Props(LiveBuildLogs logs) => Akka.Actor.Props.Create(() => new BuildLogActor(logs));
}

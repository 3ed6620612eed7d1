using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Hosting;

/// <summary>Log lines for cluster membership changes (operators grep these; tests wait for them).</summary>
internal static partial class MembershipLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Cluster member {Address} is {Status} (roles {Roles})")]
    public static partial void MemberChanged(ILogger logger, Address address, MemberStatus status, IEnumerable<string> roles);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Cluster member {Address} removed (was {PreviousStatus}, roles {Roles})")]
    public static partial void MemberRemoved(ILogger logger, Address address, MemberStatus previousStatus, IEnumerable<string> roles);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Cluster member {Address} is unreachable (roles {Roles})")]
    public static partial void Unreachable(ILogger logger, Address address, IEnumerable<string> roles);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Cluster member {Address} is reachable again (roles {Roles})")]
    public static partial void Reachable(ILogger logger, Address address, IEnumerable<string> roles);
}

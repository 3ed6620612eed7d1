using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Cache.Replication;

/// <summary>Source-generated log messages of replication.</summary>
internal static partial class ReplicationLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "Peer {Member} did not answer {Method} {Url}: {Error}")]
    public static partial void PeerUnreachable(ILogger logger, string member, string method, string url, string error);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Write of {HashPart} reached {Durable} of {Required} replicas: {Outcomes}")]
    public static partial void QuorumMissed(ILogger logger, string hashPart, int durable, int required, string outcomes);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Copied {HashPart} from {Source} to {Target} ({Reason})")]
    public static partial void Copied(ILogger logger, string hashPart, string source, string target, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Could not copy {HashPart} from {Source} to {Target}: {Error}")]
    public static partial void CopyFailed(ILogger logger, string hashPart, string source, string target, string error);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "Anti-entropy with {Peer}: {Differing} ranges differ, {Copied} paths copied")]
    public static partial void AntiEntropyPeer(ILogger logger, string peer, int differing, int copied);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Anti-entropy round failed")]
    public static partial void AntiEntropyFailed(ILogger logger, Exception error);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Cache replication: {Self} among {Members} (R={Replicas}, W={WriteQuorum})")]
    public static partial void Started(ILogger logger, string self, string members, int replicas, int writeQuorum);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Information, Message = "Cache members changed: {Members}")]
    public static partial void MembersChanged(ILogger logger, string members);
}

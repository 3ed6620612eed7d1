using AsterFarm.Coordinator.Scheduling.Identifiers;
using Microsoft.Extensions.Logging;
using ProtocolRunId = AsterFarm.Shared.Protocol.RunId;

namespace AsterFarm.Coordinator.Farm.Scheduler;

/// <summary>The scheduler's log lines.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Run {Run}: loading the DAG of {Roots} roots from the cache")]
    public static partial void Loading(ILogger logger, ProtocolRunId run, int roots);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Run {Run}: accepted, {Derivations} derivations, {Cached} already cached")]
    public static partial void Accepted(ILogger logger, ProtocolRunId run, int derivations, int cached);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Run {Run}: rejected: {Reason} ({Problems})")]
    public static partial void Rejected(ILogger logger, ProtocolRunId run, string reason, IEnumerable<string> problems);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Run {Run}: {State}")]
    public static partial void Ended(ILogger logger, ProtocolRunId run, Shared.Protocol.Runs.RunState state);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Run {Run}: cancelled: {Reason}")]
    public static partial void Cancelled(ILogger logger, ProtocolRunId run, string reason);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "Builder {Node} registered: native [{Native}], emulated [{Emulated}], {Slots} slots")]
    public static partial void BuilderRegistered(ILogger logger, NodeName node, IEnumerable<string> native, IEnumerable<Shared.Protocol.Builders.EmulatedSystem> emulated, int slots);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "Builder {Node} left; its builds are queued again")]
    public static partial void BuilderLeft(ILogger logger, NodeName node);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Ignoring a registration without a node name from {Actor}")]
    public static partial void NamelessRegistration(ILogger logger, string actor);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Ignoring the result of lease {Lease} ({DrvPath}): not in flight")]
    public static partial void StaleResult(ILogger logger, Shared.Protocol.LeaseId lease, Shared.Store.StorePath drvPath);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Warning, Message = "Build of {Derivation} on {Node} failed ({Reason}); trying again")]
    public static partial void Retrying(ILogger logger, DerivationId derivation, NodeName node, string reason);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "Build of {Derivation} on {Node} failed: {Reason}")]
    public static partial void BuildFailed(ILogger logger, DerivationId derivation, NodeName node, string reason);
}

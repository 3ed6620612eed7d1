using AsterFarm.Scheduling.Identifiers;
using AsterFarm.Shared.Protocol;
using Microsoft.Extensions.Logging;

namespace AsterFarm.Coordinator.Scheduler;

/// <summary>The scheduler's log lines.</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Run {Run}: loading the DAG of {Roots} roots from the cache")]
    public static partial void Loading(ILogger logger, RunId run, int roots);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Run {Run}: accepted, {Derivations} derivations, {Cached} already cached")]
    public static partial void Accepted(ILogger logger, RunId run, int derivations, int cached);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Run {Run}: rejected: {Reason} ({Problems})")]
    public static partial void Rejected(ILogger logger, RunId run, string reason, IEnumerable<string> problems);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Run {Run}: {State}")]
    public static partial void Ended(ILogger logger, RunId run, Shared.Protocol.Runs.RunState state);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Run {Run}: cancelled: {Reason}")]
    public static partial void Cancelled(ILogger logger, RunId run, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Run {Run}: a build failed and keep-going is off; its remaining builds are cancelled")]
    public static partial void StoppedAfterFailure(ILogger logger, RunId run);

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

    [LoggerMessage(EventId = 2030, Level = LogLevel.Information, Message = "Scheduler recovered: {Runs} runs, {Derivations} derivations with progress, {Leases} leases awaiting their builders, in {Elapsed}")]
    public static partial void Recovered(ILogger logger, int runs, int derivations, int leases, TimeSpan elapsed);

    [LoggerMessage(EventId = 2031, Level = LogLevel.Error, Message = "Run {Run} could not be recovered: {Error}")]
    public static partial void NotRecovered(ILogger logger, RunId run, string error);

    [LoggerMessage(EventId = 2032, Level = LogLevel.Information, Message = "Build of {Derivation} re-attached to {Node} (lease {Lease})")]
    public static partial void Reattached(ILogger logger, DerivationId derivation, NodeName node, Shared.Protocol.LeaseId lease);

    [LoggerMessage(EventId = 2033, Level = LogLevel.Warning, Message = "Builder {Node} not heard from for {Timeout}; its leases expire")]
    public static partial void BuilderSilent(ILogger logger, NodeName node, TimeSpan timeout);

    [LoggerMessage(EventId = 2034, Level = LogLevel.Warning, Message = "Scheduler snapshot failed: {Error}")]
    public static partial void SnapshotFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2035, Level = LogLevel.Information, Message = "Builder {Node} runs {Count} builds this scheduler does not count (expired or superseded leases); they take its slots until they end")]
    public static partial void UncountedBuilds(ILogger logger, NodeName node, int count);

    [LoggerMessage(EventId = 2037, Level = LogLevel.Warning, Message = "Builder {Node} registered from a new incarnation ({Actor}); the builds of its previous one ({Previous}) are lost and queued again")]
    public static partial void BuilderRestarted(ILogger logger, NodeName node, string actor, string previous);

    [LoggerMessage(EventId = 2038, Level = LogLevel.Warning, Message = "Build of {Derivation} on {Node} (lease {Lease}) not named by the builder's heartbeats for {Timeout}; placed again")]
    public static partial void LeaseUnreported(ILogger logger, DerivationId derivation, NodeName node, Shared.Protocol.LeaseId lease, TimeSpan timeout);

    [LoggerMessage(EventId = 2039, Level = LogLevel.Warning, Message = "Result of {DrvPath} from {Node} (lease {Lease}) refused: {Problem}")]
    public static partial void ResultRefused(ILogger logger, Shared.Store.StorePath drvPath, NodeName node, Shared.Protocol.LeaseId lease, string problem);

    [LoggerMessage(EventId = 2036, Level = LogLevel.Information, Message = "Build of {Derivation} on {Node} stopped (lease {Lease}): a late result of an earlier try came first")]
    public static partial void Superseded(ILogger logger, DerivationId derivation, NodeName node, Shared.Protocol.LeaseId lease);
}

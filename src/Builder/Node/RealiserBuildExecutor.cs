using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Tracing;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Node;

/// <summary>
/// The node's <see cref="IBuildExecutor"/>: the <see cref="Realiser"/> (fetch, sandbox, canonicalise, scan, NAR, upload);
/// with <paramref name="liveLogs"/>, each build's log can be followed while it runs.
/// </summary>
public sealed class RealiserBuildExecutor(Realiser realiser, LiveBuildLogs? liveLogs = null) : IBuildExecutor
{
    public async Task<BuildOutcome> ExecuteAsync(DispatchBuild dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        using var live = liveLogs?.Open(dispatch.DrvPath);
        var phases = new PhaseMarkerLogSink(live, TimeProvider.System);
        var started = DateTimeOffset.UtcNow;
        var request = new RealiseRequest
        {
            DrvPath = dispatch.DrvPath,
            Timeout = Limit(dispatch.Deadlines.Timeout),
            MaxSilentTime = Limit(dispatch.Deadlines.MaxSilentTime),
            LogSink = phases,
        };
        var result = await realiser.RealiseAsync(request, cancellationToken).ConfigureAwait(false);
        BuildSpans.Record(dispatch, started, result, phases.Complete());
        return ToOutcome(result);
    }

    /// <summary>The scheduler's view of a realisation: outputs as uploaded, or the failure in the protocol's classes.</summary>
    public static BuildOutcome ToOutcome(RealisationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var t = result.Timings;
        var timings = new PhaseTimings(t.Fetch, t.Setup, t.Build, t.Scan, t.Upload);
        if (result.Succeeded)
        {
            return BuildOutcome.Success([.. result.Outputs.Select(o => new BuiltOutput(o.Name, o.Path, o.NarHash, o.NarSize))], timings);
        }

        // A refusal (system, feature, unsupported derivation kind) is for another node to take: nothing was built, no log.
        var failure = result.Failure;
        var logTail = failure.Class == FailureClass.Refused ? string.Empty : failure.LogTail ?? string.Empty;
        return BuildOutcome.Failed(new BuildFailure(failure.Class, failure.Message, logTail), timings);
    }

    // The protocol's zero means "no limit"; the node's own settings then apply.
    private static TimeSpan? Limit(TimeSpan limit) => limit > TimeSpan.Zero ? limit : null;
}

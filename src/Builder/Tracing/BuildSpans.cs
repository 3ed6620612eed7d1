using System.Diagnostics;
using AsterFarm.Builder.Realisation;
using AsterFarm.Hosting.Telemetry;
using AsterFarm.Shared.Protocol.Builds;

namespace AsterFarm.Builder.Tracing;

/// <summary>
/// A finished realisation as spans on the builder, children of the trace context its <see cref="DispatchBuild"/>
/// carried: one span per phase (fetch, setup, build, scan, upload; the realiser runs them back to back) with the
/// build's own phases (configure, build, install, …) nested in "build". Recorded after the fact with the measured
/// start and end times, so nothing is threaded through the realiser and a build with no listener costs nothing.
/// </summary>
public static class BuildSpans
{
    /// <param name="dispatch">The build as the scheduler sent it (trace context, drv, system, lease).</param>
    /// <param name="started">When the realisation started (its fetch phase begins here).</param>
    /// <param name="result">The realisation's outcome and phase timings.</param>
    /// <param name="buildPhases">The phases the build announced in its log (<see cref="PhaseMarkerLogSink"/>).</param>
    public static void Record(DispatchBuild dispatch, DateTimeOffset started, RealisationResult result, IReadOnlyList<BuildPhaseInterval> buildPhases)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(buildPhases);
        if (!AsterFarmTelemetry.Source.HasListeners())
        {
            return;
        }

        var parent = dispatch.Trace is { } trace && trace.TryGetActivityContext(out var context) ? context : default;
        var outcome = ResultOf(result);
        var ambient = Activity.Current;
        try
        {
            var t = result.Timings;
            var phases = new (RealisationPhase Phase, TimeSpan Spent)[]
            {
                (RealisationPhase.Fetch, t.Fetch), (RealisationPhase.Setup, t.Setup), (RealisationPhase.Build, t.Build),
                (RealisationPhase.Scan, t.Scan), (RealisationPhase.Upload, t.Upload),
            };
            var failedIn = FailedPhase(phases.Where(p => p.Spent > TimeSpan.Zero).Select(p => p.Phase).ToList());
            var cursor = started;
            foreach (var (phase, spent) in phases.Where(p => p.Spent > TimeSpan.Zero))
            {
                var failedHere = !result.Succeeded && phase == failedIn;
                using var span = Start(phase.ToString().ToLowerInvariant(), parent, cursor, dispatch, outcome, failedHere ? result.Failure!.Message : null);
                if (span is not null && phase == RealisationPhase.Build)
                {
                    RecordBuildPhases(span.Context, cursor, cursor + spent, buildPhases, dispatch, outcome);
                }

                cursor += spent;
                span?.SetEndTime(cursor.UtcDateTime);
            }
        }
        finally
        {
            Activity.Current = ambient;
        }
    }

    /// <summary>The value of <c>cicd.pipeline.task.run.result</c> for a realisation.</summary>
    public static string ResultOf(RealisationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Succeeded)
        {
            return CicdAttributes.TaskResults.Success;
        }

        return result.Failure.Kind == FailureKind.TimedOut
            ? CicdAttributes.TaskResults.Timeout
            : result.Failure.Class switch
            {
                FailureClass.Build => CicdAttributes.TaskResults.Failure,
                FailureClass.Refused => CicdAttributes.TaskResults.Skip,
                _ => CicdAttributes.TaskResults.Error,
            };
    }

    /// <summary>
    /// The phase a failure happened in: the last one reached, except that the realiser uploads the log after every
    /// failure, so an upload after other phases is that, not the failure.
    /// </summary>
    private static RealisationPhase? FailedPhase(List<RealisationPhase> reached) =>
        reached.Count == 0 ? null
        : reached[^1] == RealisationPhase.Upload && reached.Count > 1 ? reached[^2]
        : reached[^1];

    private static void RecordBuildPhases(
        ActivityContext parent, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<BuildPhaseInterval> phases, DispatchBuild dispatch, string outcome)
    {
        foreach (var phase in phases)
        {
            // The markers are stamped as the log is read, a moment after the build's clock: keep children inside.
            var start = phase.Start < from ? from : phase.Start;
            var end = phase.End > to ? to : phase.End;
            if (end <= start)
            {
                continue;
            }

            using var span = Start(phase.Name, parent, start, dispatch, outcome, failure: null);
            span?.SetEndTime(end.UtcDateTime);
        }
    }

    private static Activity? Start(string name, ActivityContext parent, DateTimeOffset start, DispatchBuild dispatch, string outcome, string? failure)
    {
        var span = AsterFarmTelemetry.Source.StartActivity(name, ActivityKind.Internal, parent, startTime: start);
        if (span is null)
        {
            return null;
        }

        span.SetTag(CicdAttributes.TaskName, dispatch.DrvPath.DerivationName);
        span.SetTag(CicdAttributes.TaskRunId, dispatch.Lease.ToString());
        span.SetTag(CicdAttributes.TaskType, CicdAttributes.TaskTypeBuild);
        span.SetTag(CicdAttributes.TaskRunResult, outcome);
        span.SetTag(CicdAttributes.BuildPhase, name);
        span.SetTag(CicdAttributes.DrvPath, dispatch.DrvPath.BaseName);
        span.SetTag(CicdAttributes.System, dispatch.System);
        span.SetTag(CicdAttributes.Attempt, dispatch.Attempt);
        if (failure is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, failure);
        }

        return span;
    }
}

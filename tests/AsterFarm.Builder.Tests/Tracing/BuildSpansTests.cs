using System.Diagnostics;
using AsterFarm.Builder.Realisation;
using AsterFarm.Builder.Tracing;
using AsterFarm.Hosting;
using AsterFarm.Hosting.Telemetry;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AsterFarm.Builder.Tests.Tracing;

/// <summary>The builder's spans as an OpenTelemetry exporter receives them, under the context the dispatch carried.</summary>
public sealed class BuildSpansTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentSpanId = "00f067aa0ba902b7";
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 23, 0, 0, TimeSpan.Zero);
    private static readonly StorePath Drv = StorePath.Parse("0a0gbd2mzk3pp1y1ilv8ncw9xqrdm9g7-hello-2.12.drv");

    private static DispatchBuild Dispatch(TraceContext? trace) =>
        new(LeaseId.New(), 1, Drv, "riscv64-linux", ValueList.From(["out"]), new BuildDeadlines(TimeSpan.Zero, TimeSpan.Zero), trace);

    private static List<Activity> Export(DispatchBuild dispatch, RealisationResult result, IReadOnlyList<BuildPhaseInterval> phases)
    {
        var exported = new List<Activity>();
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(TelemetryNames.ActivitySource).AddInMemoryExporter(exported).Build())
        {
            BuildSpans.Record(dispatch, T0, result, phases);
            provider.ForceFlush();
        }

        // Other tests of this process may record spans of other builds while this provider listens.
        return exported.Where(a => (string?)a.GetTagItem(CicdAttributes.TaskRunId) == dispatch.Lease.ToString()).ToList();
    }

    private static RealisationTimings Timings => new(
        TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

    [Fact]
    public void Every_phase_is_a_span_under_the_dispatched_traceparent_with_the_cicd_task_attributes()
    {
        var dispatch = Dispatch(new TraceContext($"00-{TraceId}-{ParentSpanId}-01", null));

        var spans = Export(dispatch, new RealisationResult(Drv, [], Timings, null), []);

        Assert.Equal(["fetch", "setup", "build", "scan", "upload"], spans.OrderBy(s => s.StartTimeUtc).Select(s => s.DisplayName));
        Assert.All(spans, span =>
        {
            Assert.Equal(TraceId, span.TraceId.ToHexString());
            Assert.Equal(ParentSpanId, span.ParentSpanId.ToHexString());
            Assert.Equal("hello-2.12", span.GetTagItem(CicdAttributes.TaskName));
            Assert.Equal("build", span.GetTagItem(CicdAttributes.TaskType));
            Assert.Equal("success", span.GetTagItem(CicdAttributes.TaskRunResult));
            Assert.Equal("riscv64-linux", span.GetTagItem(CicdAttributes.System));
        });
        var build = spans.Single(s => s.DisplayName == "build");
        Assert.Equal(T0.AddSeconds(3).UtcDateTime, build.StartTimeUtc);
        Assert.Equal(TimeSpan.FromSeconds(10), build.Duration);
    }

    [Fact]
    public void The_builds_own_phases_nest_in_the_build_span_clipped_to_it()
    {
        var dispatch = Dispatch(new TraceContext($"00-{TraceId}-{ParentSpanId}-01", null));
        IReadOnlyList<BuildPhaseInterval> phases =
        [
            new("configurePhase", T0.AddSeconds(3), T0.AddSeconds(5)),
            new("buildPhase", T0.AddSeconds(5), T0.AddSeconds(12)),
            new("installPhase", T0.AddSeconds(12), T0.AddSeconds(14)),
        ];

        var spans = Export(dispatch, new RealisationResult(Drv, [], Timings, null), phases);

        var build = spans.Single(s => s.DisplayName == "build");
        var nested = spans.Where(s => s.ParentSpanId == build.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["configurePhase", "buildPhase", "installPhase"], nested.Select(s => s.DisplayName));
        Assert.Equal(TimeSpan.FromSeconds(1), nested[2].Duration);
    }

    [Fact]
    public void A_failed_build_marks_the_phase_it_failed_in_and_the_task_result()
    {
        var dispatch = Dispatch(new TraceContext($"00-{TraceId}-{ParentSpanId}-01", null));
        var timings = Timings with { Scan = TimeSpan.Zero };
        var failure = new RealisationFailure(FailureKind.BuilderFailed, "builder for 'hello' failed with exit code 2");

        var spans = Export(dispatch, new RealisationResult(Drv, [], timings, failure), []);

        Assert.All(spans, span => Assert.Equal("failure", span.GetTagItem(CicdAttributes.TaskRunResult)));
        var failed = Assert.Single(spans, s => s.Status == ActivityStatusCode.Error);
        Assert.Equal("build", failed.DisplayName);
        Assert.Contains("exit code 2", failed.StatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_results_follow_the_conventions_values()
    {
        RealisationResult Failed(FailureKind kind) => new(Drv, [], Timings, new RealisationFailure(kind, "x"));

        Assert.Equal("timeout", BuildSpans.ResultOf(Failed(FailureKind.TimedOut)));
        Assert.Equal("error", BuildSpans.ResultOf(Failed(FailureKind.CacheUnavailable)));
        Assert.Equal("skip", BuildSpans.ResultOf(Failed(FailureKind.Unsupported)));
        Assert.Equal("failure", BuildSpans.ResultOf(Failed(FailureKind.HashMismatch)));
    }
}

using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Chrome;

/// <summary>A step that ran as a build slice with its phases, and the build's own phases inside "build".</summary>
internal static class ChromeSlices
{
    public static long Micros(DateTimeOffset at, DateTimeOffset epoch) => (at - epoch).Ticks / TimeSpan.TicksPerMicrosecond;

    public static ChromeSlice Of(StepTimeline step, DateTimeOffset epoch)
    {
        var occupied = step.Occupied ?? throw new ArgumentException($"Step {step.DrvPath} never ran; it has no slice.", nameof(step));
        var phases = new List<ChromeSlice>();
        Add(phases, "fetch", step.Fetch?.Span, epoch, Transfer(step.Fetch));
        Add(phases, "setup", step.Setup, epoch, []);
        Add(phases, "build", step.Build, epoch, [], step.BuildPhases.Select(p => Slice(p.Name, "build-phase", p.Span, epoch, [], [])).ToList());
        Add(phases, "scan", step.Scan, epoch, []);
        Add(phases, "upload", step.Upload?.Span, epoch, Transfer(step.Upload));
        var assigned = step.Assigned!;
        return Slice(step.Name, "build", occupied, epoch, phases,
        [
            new("drv", step.DrvPath),
            new("system", step.System),
            new("result", step.Result.ToString()),
            new("emulated", assigned.Emulated),
            new("slowdown", assigned.Slowdown),
            new("queueSeconds", Math.Round(step.QueueTime.TotalSeconds, 3)),
        ]);
    }

    private static void Add(
        List<ChromeSlice> into, string name, TimeInterval? span, DateTimeOffset epoch, IReadOnlyList<KeyValuePair<string, object>> args, IReadOnlyList<ChromeSlice>? children = null)
    {
        if (span is { } interval)
        {
            into.Add(Slice(name, "phase", interval, epoch, children ?? [], args));
        }
    }

    private static ChromeSlice Slice(
        string name, string category, TimeInterval span, DateTimeOffset epoch, IReadOnlyList<ChromeSlice> children, IReadOnlyList<KeyValuePair<string, object>> args) =>
        new(name, category, Micros(span.Start, epoch), Micros(span.End, epoch), children, args);

    private static List<KeyValuePair<string, object>> Transfer(TransferRecord? transfer) => transfer is null
        ? []
        : [new("bytes", transfer.Bytes), new("paths", transfer.Paths), new("replica", transfer.Replica)];
}

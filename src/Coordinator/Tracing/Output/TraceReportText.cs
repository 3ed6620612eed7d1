using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Timeline;
using static AsterFarm.Coordinator.Tracing.Output.TraceText;

namespace AsterFarm.Coordinator.Tracing.Output;

/// <summary>The terminal form of a <see cref="TraceReport"/>: what a person reads to decide what to fix first.</summary>
public static class TraceReportText
{
    public static void Write(TextWriter output, TraceReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        output.WriteLine(
            $"Run {report.Run}: {Duration(report.Makespan)}, {report.Results[StepResult.Built]} built, " +
            $"{report.Results[StepResult.Failed]} failed, {report.Results[StepResult.Cancelled]} cancelled");
        WriteCriticalPath(output, report.CriticalPath);
        WriteSlowest(output, report.Slowest);
        WriteEmulation(output, report.Emulation);
        WriteWaiting(output, report.Waiting);
        WriteUtilisation(output, report);
        WriteLimits(output, report.Limits);
    }

    private static void WriteCriticalPath(TextWriter output, CriticalPathReport path)
    {
        output.WriteLine();
        output.WriteLine($"Critical path: {Steps(path.Steps.Count)}, {Duration(path.Total)} = {Percent(path.ShareOfMakespan)} of the run");
        foreach (var step in path.Steps)
        {
            output.WriteLine(
                $"  {step.Step.Name} ({step.Step.System}) on {Where(step.Step)}: queued {Duration(step.Queue)}, ran {Duration(step.Execution)}, mostly {Phase(step.Dominant)}");
        }
    }

    private static void WriteSlowest(TextWriter output, IReadOnlyList<SlowStep> slowest)
    {
        output.WriteLine();
        output.WriteLine("Slowest steps:");
        foreach (var slow in slowest)
        {
            var usual = slow.Change is { } change
                ? $"{Change(change)} vs usual {Duration(slow.Usual!.Value)}"
                : "no earlier builds";
            output.WriteLine($"  {slow.Step.Name} ({slow.Step.System}) {Duration(slow.Execution)}, {usual}");
        }
    }

    private static void WriteEmulation(TextWriter output, IReadOnlyList<EmulationLoss> emulation)
    {
        output.WriteLine();
        output.WriteLine(emulation.Count == 0 ? "Emulation: none" : "Emulation (build phases under QEMU vs the native estimate):");
        foreach (var loss in emulation)
        {
            output.WriteLine(
                $"  {loss.System}: {Steps(loss.Steps)}, {Duration(loss.Emulated)} emulated vs {Duration(loss.NativeEstimate)} native, {Duration(loss.Lost)} lost");
        }
    }

    private static void WriteWaiting(TextWriter output, IReadOnlyList<WaitTotal> waiting)
    {
        output.WriteLine();
        output.WriteLine(waiting.Count == 0 ? "Waiting: none" : "Waiting (summed over steps):");
        foreach (var wait in waiting)
        {
            output.WriteLine($"  {wait.System}: {Duration(wait.Total)} over {Steps(wait.Steps)}, {ReasonSummary(wait.Reason)}");
        }
    }

    private static void WriteUtilisation(TextWriter output, TraceReport report)
    {
        output.WriteLine();
        output.WriteLine("Utilisation (busy slots / slots over the run, ' ' idle .. '@' full):");
        foreach (var series in report.UtilisationByBuilder.Concat(report.UtilisationBySystem))
        {
            output.WriteLine($"  {series.Subject,-24} {series.Slots,3} slots {Percent(series.Average),5} |{Sparkline(series.Buckets)}|");
        }
    }

    private static void WriteLimits(TextWriter output, IReadOnlyList<ConcurrencyLimit> limits)
    {
        output.WriteLine();
        output.WriteLine(limits.Count == 0 ? "What limited concurrency: nothing (no step waited)" : "What limited concurrency:");
        foreach (var limit in limits)
        {
            output.WriteLine($"  {Limit(limit)}: {Duration(limit.Total)} of waiting over {Steps(limit.Steps)}");
        }
    }
}

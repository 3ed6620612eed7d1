using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Analysis;
using static AsterFarm.Coordinator.Tracing.Output.TraceJson;

namespace AsterFarm.Coordinator.Tracing.Output;

/// <summary>The <c>--json</c> form of a <see cref="TraceReport"/>, for scripts: durations in seconds, shares in [0, 1].</summary>
public static class TraceReportJson
{
    public static void Write(TextWriter output, TraceReport report)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        TraceJson.Write(output, json => WriteReport(json, report));
    }

    private static void WriteReport(Utf8JsonWriter json, TraceReport report)
    {
        json.WriteStartObject();
        json.WriteString("run", report.Run);
        json.WriteString("start", report.Start);
        Seconds(json, "makespan", report.Makespan);
        json.WriteStartObject("results");
        foreach (var (result, count) in report.Results)
        {
            json.WriteNumber(Name(result), count);
        }

        json.WriteEndObject();
        WriteCriticalPath(json, report.CriticalPath);
        json.WriteStartArray("slowest");
        foreach (var slow in report.Slowest)
        {
            json.WriteStartObject();
            Step(json, slow.Step);
            Seconds(json, "execution", slow.Execution);
            if (slow.Usual is { } usual)
            {
                Seconds(json, "usual", usual);
            }

            if (slow.Change is { } change)
            {
                json.WriteNumber("change", Math.Round(change, 4));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("emulation");
        foreach (var loss in report.Emulation)
        {
            json.WriteStartObject();
            json.WriteString("system", loss.System);
            json.WriteNumber("steps", loss.Steps);
            Seconds(json, "emulated", loss.Emulated);
            Seconds(json, "nativeEstimate", loss.NativeEstimate);
            Seconds(json, "lost", loss.Lost);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("waiting");
        foreach (var wait in report.Waiting)
        {
            json.WriteStartObject();
            json.WriteString("system", wait.System);
            json.WriteString("reason", Name(wait.Reason));
            Seconds(json, "total", wait.Total);
            json.WriteNumber("steps", wait.Steps);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteUtilisation(json, "utilisationByBuilder", report.UtilisationByBuilder);
        WriteUtilisation(json, "utilisationBySystem", report.UtilisationBySystem);
        json.WriteStartArray("limits");
        foreach (var limit in report.Limits)
        {
            json.WriteStartObject();
            json.WriteString("limiter", Name(limit.Limiter));
            json.WriteString("subject", limit.Subject);
            Seconds(json, "total", limit.Total);
            json.WriteNumber("steps", limit.Steps);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCriticalPath(Utf8JsonWriter json, CriticalPathReport path)
    {
        json.WriteStartObject("criticalPath");
        Seconds(json, "total", path.Total);
        json.WriteNumber("shareOfMakespan", Math.Round(path.ShareOfMakespan, 4));
        json.WriteStartArray("steps");
        foreach (var step in path.Steps)
        {
            json.WriteStartObject();
            Step(json, step.Step);
            Seconds(json, "queue", step.Queue);
            Seconds(json, "execution", step.Execution);
            json.WriteString("dominant", Name(step.Dominant));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteUtilisation(Utf8JsonWriter json, string name, IReadOnlyList<UtilisationSeries> series)
    {
        json.WriteStartArray(name);
        foreach (var s in series)
        {
            json.WriteStartObject();
            json.WriteString("subject", s.Subject);
            json.WriteNumber("slots", s.Slots);
            Seconds(json, "bucket", s.Bucket);
            json.WriteNumber("average", Math.Round(s.Average, 4));
            json.WriteStartArray("buckets");
            foreach (var value in s.Buckets)
            {
                json.WriteNumberValue(Math.Round(value, 4));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}

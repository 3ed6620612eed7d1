using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Analysis;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Chrome;

/// <summary>
/// Writes a run as Trace Event JSON, which Perfetto and chrome://tracing open: one process per builder, one thread
/// per slot, each build a complete slice with its phases (and the build's own phases) nested inside, flow arrows
/// along the critical path's dependency edges, and a "farm" process with counter tracks for busy slots and queue
/// length per system. Timestamps are microseconds from the run's start.
/// </summary>
public static class ChromeTraceWriter
{
    private const int FarmPid = 1;
    private const string CriticalCategory = "critical-path";

    public static void Write(Stream output, RunTimeline run)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(run);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("displayTimeUnit", "ms");
        json.WriteStartObject("otherData");
        json.WriteString("run", run.Run);
        json.WriteString("start", run.Start);
        json.WriteEndObject();
        json.WriteStartArray("traceEvents");
        var lanes = ChromeLanes.Assign(run, firstPid: FarmPid + 1);
        WriteMetadata(json, FarmPid, null, "farm", "process_name");
        foreach (var (builder, pid) in lanes.Processes)
        {
            WriteMetadata(json, pid, null, "builder " + builder, "process_name");
        }

        foreach (var ((pid, tid), name) in lanes.Threads)
        {
            WriteMetadata(json, pid, tid, name, "thread_name");
        }

        foreach (var step in run.Steps.Where(s => s.Ran))
        {
            var (pid, tid) = lanes.Of[step.DrvPath];
            WriteSlice(json, pid, tid, ChromeSlices.Of(step, run.Start).Nested());
        }

        WriteCriticalFlows(json, run, lanes);
        WriteCounters(json, run);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, int pid, int? tid, string name, string kind)
    {
        json.WriteStartObject();
        json.WriteString("ph", "M");
        json.WriteString("name", kind);
        json.WriteNumber("pid", pid);
        if (tid is { } thread)
        {
            json.WriteNumber("tid", thread);
        }

        json.WriteStartObject("args");
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteSlice(Utf8JsonWriter json, int pid, int tid, ChromeSlice slice)
    {
        json.WriteStartObject();
        json.WriteString("ph", "X");
        json.WriteString("name", slice.Name);
        json.WriteString("cat", slice.Category);
        json.WriteNumber("pid", pid);
        json.WriteNumber("tid", tid);
        json.WriteNumber("ts", slice.Start);
        json.WriteNumber("dur", slice.Duration);
        json.WriteStartObject("args");
        foreach (var (key, value) in slice.Args)
        {
            json.WritePropertyName(key);
            JsonSerializer.Serialize(json, value, value.GetType());
        }

        json.WriteEndObject();
        json.WriteEndObject();
        foreach (var child in slice.Children)
        {
            WriteSlice(json, pid, tid, child);
        }
    }

    private static void WriteCriticalFlows(Utf8JsonWriter json, RunTimeline run, ChromeLanes lanes)
    {
        var path = CriticalPath.Of(run).Steps.Select(s => s.Step).Where(s => s.Ran).ToList();
        for (var i = 1; i < path.Count; i++)
        {
            var from = path[i - 1];
            var to = path[i];
            var (fromPid, fromTid) = lanes.Of[from.DrvPath];
            var (toPid, toTid) = lanes.Of[to.DrvPath];
            var fromSlice = ChromeSlices.Of(from, run.Start);
            // The arrow leaves from the dependency's last microsecond (inside its slice) and binds to the enclosing
            // slice of the dependent at its first ("bp":"e").
            WriteFlow(json, "s", i, fromPid, fromTid, Math.Max(fromSlice.Start, fromSlice.End - 1));
            WriteFlow(json, "f", i, toPid, toTid, ChromeSlices.Of(to, run.Start).Start);
        }
    }

    private static void WriteFlow(Utf8JsonWriter json, string phase, int id, int pid, int tid, long ts)
    {
        json.WriteStartObject();
        json.WriteString("ph", phase);
        json.WriteString("name", "critical path");
        json.WriteString("cat", CriticalCategory);
        json.WriteNumber("id", id);
        json.WriteNumber("pid", pid);
        json.WriteNumber("tid", tid);
        json.WriteNumber("ts", ts);
        if (phase == "f")
        {
            json.WriteString("bp", "e");
        }

        json.WriteEndObject();
    }

    private static void WriteCounters(Utf8JsonWriter json, RunTimeline run)
    {
        foreach (var system in StepCounters.Systems(run))
        {
            WriteCounter(json, run, "busy slots " + system, StepCounters.BusySlots(run, system));
            WriteCounter(json, run, "queue length " + system, StepCounters.QueueLength(run, system));
        }
    }

    private static void WriteCounter(Utf8JsonWriter json, RunTimeline run, string name, IReadOnlyList<CounterPoint> points)
    {
        foreach (var point in points)
        {
            json.WriteStartObject();
            json.WriteString("ph", "C");
            json.WriteString("name", name);
            json.WriteNumber("pid", FarmPid);
            json.WriteNumber("ts", ChromeSlices.Micros(point.At, run.Start));
            json.WriteStartObject("args");
            json.WriteNumber("value", point.Value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
    }
}

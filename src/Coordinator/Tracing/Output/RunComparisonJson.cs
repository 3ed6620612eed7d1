using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Comparison;
using static AsterFarm.Coordinator.Tracing.Output.TraceJson;

namespace AsterFarm.Coordinator.Tracing.Output;

/// <summary>The <c>--json</c> form of a <see cref="RunComparison"/> (durations in seconds).</summary>
public static class RunComparisonJson
{
    public static void Write(TextWriter output, RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(comparison);
        TraceJson.Write(output, json => WriteComparison(json, comparison));
    }

    private static void WriteComparison(Utf8JsonWriter json, RunComparison comparison)
    {
        json.WriteStartObject();
        json.WriteString("before", comparison.Before);
        json.WriteString("after", comparison.After);
        Seconds(json, "makespanBefore", comparison.MakespanBefore);
        Seconds(json, "makespanAfter", comparison.MakespanAfter);
        Seconds(json, "criticalPathBefore", comparison.CriticalPathBefore);
        Seconds(json, "criticalPathAfter", comparison.CriticalPathAfter);
        json.WriteNumber("onlyBefore", comparison.OnlyBefore);
        json.WriteNumber("onlyAfter", comparison.OnlyAfter);
        json.WriteStartArray("changes");
        foreach (var change in comparison.Changes)
        {
            json.WriteStartObject();
            json.WriteString("name", change.Key.Name);
            json.WriteString("system", change.Key.System);
            Seconds(json, "queueBefore", change.QueueBefore);
            Seconds(json, "queueAfter", change.QueueAfter);
            Seconds(json, "executionBefore", change.ExecutionBefore);
            Seconds(json, "executionAfter", change.ExecutionAfter);
            Seconds(json, "delta", change.Delta);
            json.WriteString("grewMost", Name(change.GrewMost));
            Seconds(json, "growthOfThatPhase", change.GrowthOfThatPhase);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("waiting");
        foreach (var wait in comparison.Waiting)
        {
            json.WriteStartObject();
            json.WriteString("system", wait.System);
            json.WriteString("reason", Name(wait.Reason));
            Seconds(json, "before", wait.Before);
            Seconds(json, "after", wait.After);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}

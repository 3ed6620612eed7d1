using System.Text.Encodings.Web;
using System.Text.Json;
using AsterFarm.Coordinator.Tracing.Timeline;

namespace AsterFarm.Coordinator.Tracing.Output;

/// <summary>What the JSON forms share: writer settings, seconds for durations, camelCase enum names.</summary>
internal static class TraceJson
{
    public static Utf8JsonWriter Writer(Stream stream) =>
        new(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public static void Seconds(Utf8JsonWriter json, string name, TimeSpan span) => json.WriteNumber(name, Math.Round(span.TotalSeconds, 3));

    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        var text = value.ToString();
        return char.ToLowerInvariant(text[0]) + text[1..];
    }

    public static void Step(Utf8JsonWriter json, StepTimeline step)
    {
        json.WriteString("drvPath", step.DrvPath);
        json.WriteString("name", step.Name);
        json.WriteString("system", step.System);
        if (step.Assigned is { } a)
        {
            json.WriteString("builder", a.Builder);
            json.WriteNumber("slot", a.Slot);
            json.WriteBoolean("emulated", a.Emulated);
            json.WriteNumber("slowdown", a.Slowdown);
        }
    }

    public static void Write(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = Writer(stream))
        {
            body(json);
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}

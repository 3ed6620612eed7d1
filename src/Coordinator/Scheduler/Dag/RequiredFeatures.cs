using System.Text.Json;
using AsterFarm.Shared.Derivations;

namespace AsterFarm.Coordinator.Scheduler.Dag;

/// <summary>A derivation's <c>requiredSystemFeatures</c>, from its environment or, with structured attributes, its <c>__json</c>.</summary>
internal static class RequiredFeatures
{
    private const string Attribute = "requiredSystemFeatures";

    public static IReadOnlyList<string> Of(Derivation derivation)
    {
        if (derivation.Env.TryGetValue(Attribute, out var text))
        {
            return text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        }

        if (!derivation.Env.TryGetValue("__json", out var json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty(Attribute, out var features) && features.ValueKind == JsonValueKind.Array
                ? [.. features.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.String).Select(f => f.GetString()!)]
                : [];
        }
        catch (JsonException)
        {
            // A builder would fail this derivation on the same attributes; the scheduler just cannot honour features it cannot read.
            return [];
        }
    }
}

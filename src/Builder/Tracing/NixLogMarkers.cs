using System.Text.Json;

namespace AsterFarm.Builder.Tracing;

/// <summary>
/// Reads the phase a build announces in its log, in either of Nix's two shapes (Nix's <c>src/libutil/logging.cc</c>):
/// <list type="bullet">
/// <item>what stdenv's <c>runPhase</c> prints to <c>$NIX_LOG_FD</c>: <c>@nix { "action": "setPhase", "phase": "configurePhase" }</c>;</item>
/// <item>what <c>--log-format internal-json</c> prints once Nix has handled that line (e.g. from a remote machine):
/// <c>@nix {"action":"result","id":…,"type":104,"fields":["configurePhase"]}</c>, 104 being <c>resSetPhase</c>.</item>
/// </list>
/// Anything else (other actions, activity start/stop, malformed JSON, plain log lines) is not a phase.
/// </summary>
public static class NixLogMarkers
{
    /// <summary><c>resSetPhase</c> in Nix's <c>ResultType</c> (activity type 104 is <c>actBuilds</c>, unrelated).</summary>
    public const int SetPhaseResult = 104;

    /// <summary>Longer names are not phases a person would read; they are ignored rather than stored.</summary>
    public const int MaxPhaseNameLength = 100;

    private static ReadOnlySpan<byte> Prefix => "@nix "u8;

    /// <summary>The phase <paramref name="line"/> (one log line, without its newline) starts, if it announces one.</summary>
    public static bool TryReadPhase(ReadOnlySpan<byte> line, out string phase)
    {
        phase = string.Empty;
        if (!line.StartsWith(Prefix))
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(line[Prefix.Length..], new JsonReaderOptions { MaxDepth = 4 });
            using var json = JsonDocument.ParseValue(ref reader);
            return TryReadPhase(json.RootElement, out phase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadPhase(JsonElement root, out string phase)
    {
        phase = string.Empty;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        string? name = null;
        if (action.ValueEquals("setPhase") && root.TryGetProperty("phase", out var named) && named.ValueKind == JsonValueKind.String)
        {
            name = named.GetString();
        }
        else if (action.ValueEquals("result")
                 && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var number) && number == SetPhaseResult
                 && root.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Array && fields.GetArrayLength() > 0
                 && fields[0].ValueKind == JsonValueKind.String)
        {
            name = fields[0].GetString();
        }

        if (string.IsNullOrEmpty(name) || name.Length > MaxPhaseNameLength || name.Any(char.IsControl))
        {
            return false;
        }

        phase = name;
        return true;
    }
}

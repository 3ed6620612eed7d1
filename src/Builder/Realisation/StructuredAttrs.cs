using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AsterFarm.Shared.Derivations;

namespace AsterFarm.Builder.Realisation;

/// <summary>
/// A <c>__structuredAttrs</c> derivation's attributes (its <c>__json</c> env entry), written out as Nix 2.8 writes
/// <c>.attrs.json</c> and <c>.attrs.sh</c> (nix-formats.md §8.2).
/// </summary>
public sealed partial class StructuredAttrs
{
    public const string JsonEnvKey = "__json";
    public const string JsonFileName = ".attrs.json";
    public const string ShellFileName = ".attrs.sh";

    private readonly JsonElement _root;

    private StructuredAttrs(JsonElement root) => _root = root;

    public static StructuredAttrs Parse(string json, string derivationName)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new StructuredAttrs(document.RootElement.Clone())
                : throw new FormatException($"derivation '{derivationName}': {JsonEnvKey} is not a JSON object");
        }
        catch (JsonException error)
        {
            throw new FormatException($"derivation '{derivationName}': {JsonEnvKey} is not valid JSON: {error.Message}", error);
        }
    }

    /// <summary>The strings of a list attribute (e.g. <c>impureEnvVars</c>), empty when absent.</summary>
    public IEnumerable<string> StringList(string name) =>
        _root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : [];

    /// <summary><c>.attrs.json</c>: the attributes with <c>outputs</c> replaced by a map from output name to path.</summary>
    public byte[] ToAttrsJson(IReadOnlyDictionary<string, string> outputPaths)
    {
        var json = new NlohmannJsonWriter();
        json.BeginObject();
        foreach (var (key, value) in MembersWithOutputs(outputPaths))
        {
            json.Key(key);
            if (value is { } element)
            {
                json.Value(element);
            }
            else
            {
                WriteOutputs(json, outputPaths);
            }
        }

        json.EndObject();
        return json.ToBytes();
    }

    /// <summary>
    /// <c>.attrs.sh</c>: a bash <c>declare</c> per top-level attribute that is a simple value, or a list or map of
    /// simple values; anything else is left out, as Nix leaves it out.
    /// </summary>
    public byte[] ToAttrsShell(IReadOnlyDictionary<string, string> outputPaths)
    {
        var shell = new StringBuilder();
        foreach (var (key, value) in MembersWithOutputs(outputPaths))
        {
            if (!ShellVariableName().IsMatch(key))
            {
                continue;
            }

            if (value is not { } element)
            {
                var entries = outputPaths.OrderBy(o => o.Key, Utf8OrdinalComparer.Instance)
                    .Select(o => $"[{ShellQuote(o.Key)}]={ShellQuote(o.Value)} ");
                shell.Append(CultureInfo.InvariantCulture, $"declare -A {key}=({string.Concat(entries)})\n");
            }
            else if (SimpleShellValue(element) is { } simple)
            {
                shell.Append(CultureInfo.InvariantCulture, $"declare {key}={simple}\n");
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                var items = element.EnumerateArray().Select(SimpleShellValue).ToList();
                if (items.All(i => i is not null))
                {
                    shell.Append(CultureInfo.InvariantCulture, $"declare -a {key}=({string.Concat(items.Select(i => i + " "))})\n");
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                var items = element.EnumerateObject().Select(p => (p.Name, Value: SimpleShellValue(p.Value))).ToList();
                if (items.All(i => i.Value is not null))
                {
                    var entries = items.Select(i => $"[{ShellQuote(i.Name)}]={i.Value} ");
                    shell.Append(CultureInfo.InvariantCulture, $"declare -A {key}=({string.Concat(entries)})\n");
                }
            }
        }

        return Encoding.UTF8.GetBytes(shell.ToString());
    }

    // The members in Nix's (sorted) order, with `outputs` set to null to stand for the output map Nix substitutes.
    private IEnumerable<(string Key, JsonElement? Value)> MembersWithOutputs(IReadOnlyDictionary<string, string> outputPaths)
    {
        var members = _root.EnumerateObject()
            .Where(p => p.Name != "outputs")
            .Select(p => (p.Name, Value: (JsonElement?)p.Value))
            .Append(("outputs", null));
        return members.OrderBy(m => m.Item1, Utf8OrdinalComparer.Instance);
    }

    private static void WriteOutputs(NlohmannJsonWriter json, IReadOnlyDictionary<string, string> outputPaths)
    {
        json.BeginObject();
        foreach (var (name, path) in outputPaths.OrderBy(o => o.Key, Utf8OrdinalComparer.Instance))
        {
            json.Key(name);
            json.String(path);
        }

        json.EndObject();
    }

    // Nix's handleSimpleType: strings quoted, integral numbers as integers, null as '', booleans as 1 or empty.
    private static string? SimpleShellValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => ShellQuote(value.GetString()!),
        JsonValueKind.Number => IntegralShellValue(value),
        JsonValueKind.Null => "''",
        JsonValueKind.True => "1",
        JsonValueKind.False => string.Empty,
        _ => null,
    };

    private static string? IntegralShellValue(JsonElement number)
    {
        // Nix compares the value as a float with its ceiling, then prints it converted to int.
        var asFloat = (float)number.GetDouble();
        if (MathF.Ceiling(asFloat) != asFloat)
        {
            return null;
        }

        var asInt = number.TryGetInt64(out var integer) ? unchecked((int)integer) : (int)number.GetDouble();
        return asInt.ToString(CultureInfo.InvariantCulture);
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex ShellVariableName();
}

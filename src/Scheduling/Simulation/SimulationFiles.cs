using System.Text.Json;

namespace AsterFarm.Scheduling.Simulation;

/// <summary>Reads and writes the simulator's DAG (JSON lines) and builders (JSON) files, in snake_case.</summary>
public static class SimulationFiles
{
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    private static JsonSerializerOptions Indented { get; } = new(Json) { WriteIndented = true };

    public static List<DagRecord> ReadDag(string path)
    {
        var records = new List<DagRecord>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            records.Add(JsonSerializer.Deserialize<DagRecord>(line, Json)
                ?? throw new FormatException($"{path}:{lineNumber}: expected a JSON object"));
        }

        return records;
    }

    public static void WriteDag(string path, IEnumerable<DagRecord> records)
    {
        using var writer = new StreamWriter(path);
        foreach (var record in records)
        {
            writer.WriteLine(JsonSerializer.Serialize(record, Json));
        }
    }

    public static BuildersFile ReadBuilders(string path) =>
        JsonSerializer.Deserialize<BuildersFile>(File.ReadAllText(path), Json)
        ?? throw new FormatException($"{path}: expected a JSON object with \"nodes\"");

    public static void WriteBuilders(string path, BuildersFile builders) =>
        File.WriteAllText(path, JsonSerializer.Serialize(builders, Indented) + "\n");
}

using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using Npgsql;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>
/// The <see cref="BuildSucceeded"/> events in the scheduler's journal in a PostgreSQL database (Akka.Persistence.Sql's
/// <c>journal</c> table), read back with the scheduler's own serializer. Shared with the deployment tests (linked).
/// </summary>
internal static class JournalSuccesses
{
    /// <summary>How many <see cref="BuildSucceeded"/> events each derivation (by base name, <c>hash-name.drv</c>) has.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> CountAsync(string connectionString)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT manifest, message FROM journal WHERE persistence_id = @id AND NOT deleted ORDER BY sequence_number", connection);
        command.Parameters.AddWithValue("id", "asterfarm-scheduler");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (SchedulerEventSerializer.Deserialize(reader.GetFieldValue<byte[]>(1), reader.GetString(0)) is BuildSucceeded succeeded)
            {
                counts[succeeded.Derivation] = counts.GetValueOrDefault(succeeded.Derivation) + 1;
            }
        }

        return counts;
    }
}

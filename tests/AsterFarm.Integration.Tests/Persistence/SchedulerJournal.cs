using AsterFarm.Coordinator.Farm.Persistence;
using AsterFarm.Coordinator.Farm.Persistence.Events;
using Npgsql;

namespace AsterFarm.Integration.Tests.Persistence;

/// <summary>
/// Reads the scheduler's journal (Akka.Persistence.Sql's default <c>journal</c> table) on PostgreSQL: the durable
/// record of what the scheduler decided, whichever coordinator hosted it. A derivation built once has exactly one
/// <see cref="BuildSucceeded"/> event, however many builders ran it.
/// </summary>
internal static class SchedulerJournal
{
    /// <summary>The scheduler's persistence id (<c>SchedulerActor.JournalId</c>, internal to the coordinator): one journal per cluster.</summary>
    private const string JournalId = "asterfarm-scheduler";

    /// <summary>The <see cref="BuildSucceeded"/> events, per derivation (<c>.drv</c> base name).</summary>
    /// <remarks>Events are only deleted after a snapshot: run the coordinators with a large <c>AsterFarm__Persistence__SnapshotEvery</c>.</remarks>
    public static async Task<IReadOnlyDictionary<string, int>> SuccessesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT message FROM journal WHERE persistence_id = @id AND manifest = @manifest AND NOT deleted ORDER BY sequence_number", connection);
        query.Parameters.AddWithValue("id", JournalId);
        query.Parameters.AddWithValue("manifest", SchedulerEventSerializer.ManifestOf(typeof(BuildSucceeded)));
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var rows = await query.ExecuteReaderAsync();
        while (await rows.ReadAsync())
        {
            var succeeded = (BuildSucceeded)SchedulerEventSerializer.Deserialize((byte[])rows[0], SchedulerEventSerializer.ManifestOf(typeof(BuildSucceeded)));
            counts[succeeded.Derivation] = counts.GetValueOrDefault(succeeded.Derivation) + 1;
        }

        return counts;
    }
}

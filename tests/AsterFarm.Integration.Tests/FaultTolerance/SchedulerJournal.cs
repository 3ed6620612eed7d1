using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Integration.Tests.Persistence;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>
/// The scheduler's journal as PostgreSQL holds it (Akka.Persistence.Sql's <c>journal</c> table), read back with the
/// scheduler's own serializer: the durable record of which build results were accepted. Tests keep every event
/// (a large <c>SnapshotEvery</c>), so nothing was deleted by a snapshot.
/// </summary>
internal static class SchedulerJournal
{
    /// <summary>How many <see cref="BuildSucceeded"/> events each derivation (by base name, <c>hash-name.drv</c>) has.</summary>
    public static Task<IReadOnlyDictionary<string, int>> SuccessesAsync(PostgresServer postgres) =>
        JournalSuccesses.CountAsync(postgres.ConnectionString);
}

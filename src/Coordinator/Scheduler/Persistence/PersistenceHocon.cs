using Akka.Configuration;
using Akka.Persistence.Sql;

namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>
/// The HOCON that points Akka.Persistence at the configured store (Akka.Persistence.Sql.Hosting is not available
/// here, so the plugins are configured directly) and binds the scheduler's persisted types to their serializer.
/// </summary>
internal static class PersistenceHocon
{
    /// <summary>linq2db's provider names: Microsoft.Data.Sqlite's, and Npgsql's for PostgreSQL 15 and later.</summary>
    public const string SqliteProvider = "SQLite.MS";

    public const string PostgreSqlProvider = "PostgreSQL.15";

    public static Config For(PersistenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var serialization = ConfigurationFactory.ParseString(
            $$"""
            akka.actor.serializers.asterfarm-scheduler = "{{typeof(SchedulerEventSerializer).AssemblyQualifiedName}}"
            akka.actor.serialization-bindings { "{{typeof(IPersistedSchedulerState).AssemblyQualifiedName}}" = asterfarm-scheduler }
            akka.actor.serialization-identifiers { "{{typeof(SchedulerEventSerializer).AssemblyQualifiedName}}" = {{SchedulerEventSerializer.SerializerId}} }
            """);
        if (options.Provider == PersistenceProvider.InMemory)
        {
            return ConfigurationFactory.ParseString(
                """
                akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
                akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
                """).WithFallback(serialization);
        }

        var provider = options.Provider == PersistenceProvider.Sqlite ? SqliteProvider : PostgreSqlProvider;
        var connection = Quote(options.ConnectionString);
        return ConfigurationFactory.ParseString(
            $$"""
            akka.persistence {
              journal {
                plugin = "akka.persistence.journal.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = "{{provider}}"
                  auto-initialize = true
                }
              }
              snapshot-store {
                plugin = "akka.persistence.snapshot-store.sql"
                sql {
                  connection-string = {{connection}}
                  provider-name = "{{provider}}"
                  auto-initialize = true
                }
              }
            }
            """)
            .WithFallback(serialization)
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

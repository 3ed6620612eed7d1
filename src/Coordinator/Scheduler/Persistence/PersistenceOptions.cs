namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>
/// Where the scheduler singleton keeps its event-sourced state, bound from <see cref="SectionName"/> (environment
/// variables override, e.g. <c>AsterFarm__Persistence__Provider=PostgreSql</c> and
/// <c>AsterFarm__Persistence__ConnectionString=Host=db;Username=asterfarm;Database=asterfarm</c>).
/// </summary>
public sealed class PersistenceOptions
{
    public const string SectionName = "AsterFarm:Persistence";

    /// <summary>
    /// Default <see cref="PersistenceProvider.InMemory"/>: a coordinator started without a database keeps nothing across
    /// restarts (and never mixes state with an unrelated earlier run). <c>asterfarm up</c> uses SQLite in its state directory.
    /// </summary>
    public PersistenceProvider Provider { get; set; } = PersistenceProvider.InMemory;

    /// <summary>The ADO.NET connection string (Microsoft.Data.Sqlite or Npgsql syntax); required unless in memory.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Events between two snapshots of the scheduler's state: recovery replays at most this many. Default 1000.</summary>
    public int SnapshotEvery { get; set; } = 1000;

    /// <summary>The connection string of a SQLite file at <paramref name="path"/>.</summary>
    public static string SqliteFile(string path) => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = path }.ConnectionString;

    public void Validate()
    {
        if (Provider != PersistenceProvider.InMemory && string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException(
                $"{SectionName}:ConnectionString is required with provider {Provider} (flag --persistence-connection, env AsterFarm__Persistence__ConnectionString)");
        }

        if (SnapshotEvery < 1)
        {
            throw new InvalidOperationException($"{SectionName}:SnapshotEvery must be at least 1, not {SnapshotEvery}");
        }
    }
}

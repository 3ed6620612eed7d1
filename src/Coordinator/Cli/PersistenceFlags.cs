using System.CommandLine;
using AsterFarm.Coordinator.Scheduler.Persistence;

namespace AsterFarm.Coordinator.Cli;

/// <summary>Where the scheduler keeps its journal: <c>--persistence</c> and <c>--persistence-connection</c>, over <see cref="PersistenceOptions"/>.</summary>
internal sealed class PersistenceFlags
{
    private static readonly string Section = PersistenceOptions.SectionName + ":";

    private readonly Option<PersistenceProvider?> _provider = new("--persistence")
    {
        Description = "Scheduler journal: InMemory, Sqlite or PostgreSql (env AsterFarm__Persistence__Provider; default InMemory, Sqlite for up)",
    };

    private readonly Option<string?> _connection = new("--persistence-connection")
    {
        Description = "Connection string of the journal database, e.g. 'Data Source=/var/lib/asterfarm/scheduler.db' or 'Host=db;Username=asterfarm;Database=asterfarm' (env AsterFarm__Persistence__ConnectionString)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_provider);
        command.Options.Add(_connection);
    }

    /// <summary>The configuration keys the flags given set (flags win over files and environment).</summary>
    public Dictionary<string, string?> Read(ParseResult parseResult)
    {
        var settings = new Dictionary<string, string?>();
        if (parseResult.GetValue(_provider) is { } provider)
        {
            settings[Section + nameof(PersistenceOptions.Provider)] = provider.ToString();
        }

        if (parseResult.GetValue(_connection) is { } connection)
        {
            settings[Section + nameof(PersistenceOptions.ConnectionString)] = connection;
        }

        return settings;
    }

    /// <summary>The SQLite journal of <c>asterfarm up</c> in its state directory, unless flags or environment chose another.</summary>
    public static Dictionary<string, string?> LocalSqlite(string stateDirectory) => new()
    {
        [Section + nameof(PersistenceOptions.Provider)] = Environment.GetEnvironmentVariable("AsterFarm__Persistence__Provider") ?? nameof(PersistenceProvider.Sqlite),
        [Section + nameof(PersistenceOptions.ConnectionString)] = Environment.GetEnvironmentVariable("AsterFarm__Persistence__ConnectionString")
            ?? PersistenceOptions.SqliteFile(Path.Combine(stateDirectory, "scheduler.db")),
    };
}

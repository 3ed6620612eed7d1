namespace AsterFarm.Coordinator.Scheduler.Persistence;

/// <summary>Where the scheduler's journal and snapshots live.</summary>
public enum PersistenceProvider
{
    /// <summary>In the actor system's memory: lost with the process (tests, throwaway coordinators).</summary>
    InMemory,

    /// <summary>A SQLite file: the single-machine farm (<c>asterfarm up</c>).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database every coordinator of the cluster reaches: the singleton recovers on any of them.</summary>
    PostgreSql,
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using AsterFarm.Coordinator.Scheduler;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Scheduling;
using AsterFarm.Scheduling.Graph;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsterFarm.Bench.SchedulerRecovery;

/// <summary>
/// Recovery time of the scheduler's state for a run of 100,000 derivations, 60% built, on a SQLite journal: once from
/// the journal alone (every event replayed) and once from a snapshot plus the events after it (as with the default
/// SnapshotEvery of 1000). The time is from starting the actor in a fresh actor system to its answer to a query (which
/// waits for the core to be rebuilt). Peer: submitting the same DAG to a fresh core, what accepting the run cost.
/// Arguments: <c>[count=100000] [seed=2022] [builtFraction=0.6]</c>. Target: recovers in seconds (under 10 s).
/// </summary>
public static class SchedulerRecoveryBenchmark
{
    private const int EventsAfterSnapshot = 500;
    private const int WriteBatch = 2000;

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var seed = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2022;
        var builtFraction = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.6;
        var journal = RecoveryJournal.Generate(count, seed, builtFraction);
        var directory = Directory.CreateTempSubdirectory("asterfarm-recovery-bench-").FullName;
        try
        {
            var replayOnly = Path.Combine(directory, "journal.db");
            var withSnapshot = Path.Combine(directory, "snapshot.db");
            var writeSeconds = Time(() => Write(replayOnly, journal.Events, snapshot: null));
            var head = journal.Events.Take(journal.Events.Count - EventsAfterSnapshot).ToList();
            var state = new SchedulerState();
            head.ForEach(state.Apply);
            Write(withSnapshot, journal.Events.Skip(head.Count).ToList(), state);

            var submitSeconds = Time(() => new SchedulerCore(new SchedulerOptions()).Submit(new RunSubmission(RunId.New(), 0, journal.Specs)));
            var fromJournal = Recover(replayOnly);
            var fromSnapshot = Recover(withSnapshot);
            var report = new
            {
                benchmark = "scheduler-recovery",
                derivations = count,
                events = journal.Events.Count,
                leases_in_flight = journal.InFlight,
                journal_write_seconds = Math.Round(writeSeconds, 3),
                journal_mib = Math.Round(new FileInfo(replayOnly).Length / 1048576.0, 1),
                snapshot_db_mib = Math.Round(new FileInfo(withSnapshot).Length / 1048576.0, 1),
                recover_from_journal_seconds = Math.Round(fromJournal, 3),
                recover_from_snapshot_seconds = Math.Round(fromSnapshot, 3),
                peer_core_submit_seconds = Math.Round(submitSeconds, 3),
                snapshot_vs_submit = Math.Round(fromSnapshot / submitSeconds, 2),
                peak_working_set_mib = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1),
                load_average = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null,
                target_met = fromSnapshot < 10 && fromJournal < 10,
            };
            Console.WriteLine(JsonSerializer.Serialize(report));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static void Write(string database, List<ISchedulerEvent> events, SchedulerState? snapshot)
    {
        using var system = ActorSystem.Create("bench", ConfigFor(database));
        var writer = system.ActorOf(Props.Create(() => new JournalWriter()));
        var timeout = TimeSpan.FromMinutes(10);
        if (snapshot is not null)
        {
            writer.Ask<JournalWriter.Done>(new JournalWriter.Snapshot(snapshot), timeout).GetAwaiter().GetResult();
        }

        for (var at = 0; at < events.Count; at += WriteBatch)
        {
            writer.Ask<JournalWriter.Done>(new JournalWriter.Events([.. events.Skip(at).Take(WriteBatch)]), timeout).GetAwaiter().GetResult();
        }

        system.Terminate().GetAwaiter().GetResult();
    }

    private static double Recover(string database)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var system = ActorSystem.Create("bench", ConfigFor(database));
        var options = new FarmOptions();
        var stopwatch = Stopwatch.StartNew();
        var scheduler = system.ActorOf(Props.Create(() => new SchedulerActor(
            options, new SchedulerOptions(), new PersistenceOptions(), NoCache, NoResults(database), TimeProvider.System, NullLogger.Instance)));
        var runs = scheduler.Ask<RunList>(new ListRuns(10), TimeSpan.FromMinutes(10)).GetAwaiter().GetResult();
        stopwatch.Stop();
        if (runs.Runs.Count != 1)
        {
            throw new InvalidOperationException($"expected the recovered run, got {runs.Runs.Count}");
        }

        system.Terminate().GetAwaiter().GetResult();
        return stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>The check of builders' results: an empty cache beside the journal (the benchmarks send no results).</summary>
    internal static Coordinator.Scheduler.BuiltOutputsCheck NoResults(string database) =>
        new(Shared.BinaryCache.FileBinaryCacheStore.Open(new Shared.BinaryCache.FileBinaryCacheStoreOptions { Directory = database + ".cache" }), Shared.Store.StoreDir.Default);

    internal static Task<Coordinator.Scheduler.Dag.LoadedDag> NoCache(IReadOnlyCollection<Shared.Store.StorePath> roots, CancellationToken cancellation) =>
        throw new InvalidOperationException("the benchmark's runs are accepted already; nothing is loaded from a cache");

    internal static Config ConfigFor(string database) =>
        ConfigurationFactory.ParseString("akka.loglevel = WARNING")
            .WithFallback(PersistenceHocon.For(new PersistenceOptions
            {
                Provider = PersistenceProvider.Sqlite,
                ConnectionString = PersistenceOptions.SqliteFile(database),
            }));

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }
}

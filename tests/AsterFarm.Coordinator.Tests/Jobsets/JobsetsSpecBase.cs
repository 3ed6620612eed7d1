using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using AsterFarm.Coordinator.Jobsets;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Coordinator.Jobsets.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Tests.Hosting;
using AsterFarm.Coordinator.Tests.Scheduler;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.Extensions.Logging.Abstractions;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Tests.Jobsets;

/// <summary>
/// The jobsets actor with a manual clock, a scripted evaluator, and a test probe as the scheduler: on the in-memory
/// journal with <c>serialize-messages = on</c> (every message crosses as between nodes), or on a SQLite journal (as
/// <c>asterfarm up</c> keeps it; the SQL plugin's own messages cannot pass the serialization check).
/// </summary>
public abstract class JobsetsSpecBase : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TempDirectory _directory;

    protected JobsetsSpecBase(bool sqlite = false)
        : this(new TempDirectory("asterfarm-jobsets-spec"), sqlite)
    {
    }

    private JobsetsSpecBase(TempDirectory directory, bool sqlite)
        : base(Config(directory, sqlite))
    {
        _directory = directory;
        Scheduler = CreateTestProbe("scheduler");
        Jobsets = StartJobsets();
    }

    protected ManualClock Clock { get; } = new();

    protected ScriptedEvaluator Evaluator { get; } = new();

    protected RecordingUploader Uploader { get; } = new();

    protected TestProbe Scheduler { get; }

    protected IActorRef Jobsets { get; private set; }

    protected virtual JobsetsOptions Options { get; } = new()
    {
        TickInterval = TimeSpan.FromMilliseconds(50),
        RunPollInterval = TimeSpan.FromMilliseconds(100),
        WebhookRetryDelay = TimeSpan.FromMilliseconds(10),
        SnapshotEvery = 3,
    };

    /// <summary>Stops the actor and starts a new one on the same journal, as a singleton handover does.</summary>
    protected void Failover()
    {
        Watch(Jobsets);
        Sys.Stop(Jobsets);
        ExpectTerminated(Jobsets, Wait);
        Jobsets = StartJobsets();
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _directory.Dispose();
    }

    protected T Ask<T>(object question)
    {
        Jobsets.Tell(question, TestActor);
        return ExpectMsg<T>(Wait);
    }

    protected void Define(string name, string? schedule = null, bool cancelPrevious = false, int keep = 2, string? webhook = null)
    {
        var saved = Ask<JobsetSaveResult>(new SaveJobset(new JobsetDefinition(name, "/srv/" + name, [], schedule, "UTC", 7, cancelPrevious, keep, webhook)));
        Assert.True(saved.Saved, string.Join("; ", saved.Problems));
    }

    protected EvaluationRecord AwaitEvaluation(string jobset, int number, Func<EvaluationRecord, bool> condition, string expected)
    {
        EvaluationRecord? last = null;
        AwaitCondition(
            () => (last = Ask<EvaluationFound>(new GetEvaluation(jobset, number)).Evaluation) is { } record && condition(record),
            Wait, TimeSpan.FromMilliseconds(20), $"expected evaluation {jobset} #{number} {expected}, last {last?.State}");
        return last!;
    }

    /// <summary>Expects the run's submission, accepts it, and returns it.</summary>
    protected SubmitRun ExpectSubmission()
    {
        var submit = Scheduler.FishForMessage<SubmitRun>(_ => true, Wait);
        Scheduler.Reply(new RunAccepted(submit.Run, submit.Roots.Count, 0));
        return submit;
    }

    /// <summary>Answers the status polls and page requests of <paramref name="run"/> as a scheduler whose run ended with <paramref name="entries"/>.</summary>
    protected void EndRun(RunId run, RunState state, params RunPageEntry[] entries)
    {
        var status = Scheduler.FishForMessage<GetRunStatus>(get => get.Run == run, Wait);
        Scheduler.Reply(new RunStatus(run, state, ValueList.From<SystemProgress>([]), ValueList.From<BuildProgress>([]), false, ValueList.From<BuildAttempt>([])));
        var offset = 0;
        while (true)
        {
            var page = Scheduler.FishForMessage<GetRunPage>(get => get.Run == run, Wait);
            Assert.Equal(offset, page.Offset);
            var slice = entries.Skip(page.Offset).Take(page.Limit).ToList();
            Scheduler.Reply(new RunPage(run, true, entries.Length, page.Offset, ValueList.From(slice)));
            offset += slice.Count;
            if (offset >= entries.Length)
            {
                return;
            }
        }
    }

    protected static RunPageEntry Entry(string drvPath, BuildState state, double seconds = 1, bool emulated = false, string? reason = null, string? log = null)
    {
        var start = new DateTime(2025, 1, 1, 3, 0, 0, DateTimeKind.Utc);
        return new RunPageEntry(
            StoreDir.Default.Parse(drvPath), "x86_64-linux", state, new NodeName("builder-1"), start, reason, start, start.AddSeconds(seconds), emulated, log);
    }

    private IActorRef StartJobsets() =>
        Sys.ActorOf(JobsetsActor.Props(
            Options, Evaluator, Uploader, Scheduler.Ref, StoreDir.Default, Clock,
            new WebhookPoster(new HttpClient(), Options.WebhookAttempts, Options.WebhookRetryDelay, TimeProvider.System), NullLogger.Instance));

    private static Config Config(TempDirectory directory, bool sqlite) =>
        MessageSerializationHocon.For(serializeMessages: !sqlite)
            .WithFallback(JobsetsSerializer.Hocon)
            .WithFallback(PersistenceHocon.For(sqlite
                ? new PersistenceOptions { Provider = PersistenceProvider.Sqlite, ConnectionString = PersistenceOptions.SqliteFile(directory.Combine("journal.db")) }
                : new PersistenceOptions()));
}

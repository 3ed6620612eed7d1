using AsterFarm.Coordinator.Scheduler.Persistence;
using AsterFarm.Coordinator.Scheduler.Persistence.Events;
using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler.Ledger;

/// <summary>
/// A journal written by the release before the ledger (commit e33d6cf: two runs, a build built, one failed, one
/// retried after an infrastructure failure, one in flight, a run in two batches that was cancelled) recovers in this
/// one as that release recovered it: the same runs, states, reasons and counts (its own recovery is recorded in the
/// file's comments), and goes on from there.
/// </summary>
public sealed class JournalRecoveryTests
{
    private static string JournalFile => Path.Combine(AppContext.BaseDirectory, "Scheduler", "Persistence", "Journals", "v1-two-runs.journal");

    [Fact]
    public void A_journal_of_the_previous_release_recovers_its_runs_as_that_release_did()
    {
        var journal = ReadJournal();
        var (runA, runB) = Runs(journal);

        var farm = LedgerHarness.Recover(journal);

        var a = farm.StatusOf(runA);
        Assert.Equal(RunState.Running, a.State);
        Assert.Equal(new SystemProgress("x86_64-linux", 1, 1, 0, 1, 2), Assert.Single(a.Systems));
        var builds = a.Builds.ToDictionary(b => b.DrvPath.Name);
        Assert.Equal(["broken-1.0.drv", "flaky-1.0.drv", "top-1.0.drv"], builds.Keys.Order(StringComparer.Ordinal));
        Assert.Equal((BuildState.Failed, "cached failure from 2025-01-01 00:00:00Z: builder exited with code 2"), (builds["broken-1.0.drv"].State, builds["broken-1.0.drv"].Reason));
        Assert.Equal((BuildState.Waiting, "no builder offers x86_64-linux"), (builds["flaky-1.0.drv"].State, builds["flaky-1.0.drv"].Reason));
        Assert.Equal(BuildState.DependencyFailed, builds["top-1.0.drv"].State);
        Assert.StartsWith("dependency failed: ", builds["top-1.0.drv"].Reason, StringComparison.Ordinal);
        Assert.Equal(2, a.Attempts!.Count);
        var b = farm.StatusOf(runB);
        Assert.Equal(RunState.Cancelled, b.State);
        Assert.Equal(
            [new SystemProgress("riscv64-linux", 0, 0, 0, 0, 1), new SystemProgress("x86_64-linux", 0, 0, 0, 1, 0)],
            b.Systems);
    }

    [Fact]
    public void A_run_recovered_from_the_previous_release_s_journal_goes_on_to_its_end()
    {
        var journal = ReadJournal();
        var (runA, _) = Runs(journal);
        var inFlight = journal.OfType<BuildDispatched>().Last(d => d.Derivation.EndsWith("-app-2.1.drv", StringComparison.Ordinal));
        var farm = LedgerHarness.Recover(journal);

        farm.Register("x86-1", slots: 4, running: new RunningBuild(inFlight.Lease, Shared.Store.StorePath.Parse(inFlight.Derivation), DateTime.UnixEpoch));

        var flaky = farm.Dispatch("x86-1");
        Assert.Equal(("flaky-1.0.drv", 2), (flaky.DrvPath.Name, flaky.Attempt));
        farm.Finish(flaky, "x86-1");
        farm.Finish(new DispatchBuild(inFlight.Lease, inFlight.Attempt, Shared.Store.StorePath.Parse(inFlight.Derivation), "x86_64-linux", ["out"], new(TimeSpan.Zero, TimeSpan.Zero), null), "x86-1");
        var done = farm.StatusOf(runA);
        Assert.Equal(RunState.Failed, done.State);
        Assert.Equal(new SystemProgress("x86_64-linux", 0, 0, 0, 3, 2), Assert.Single(done.Systems));
    }

    private static List<ISchedulerEvent> ReadJournal() =>
    [
        .. File.ReadAllLines(JournalFile)
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .Select(parts => (ISchedulerEvent)SchedulerEventSerializer.Deserialize(Convert.FromBase64String(parts[1]), parts[0])),
    ];

    private static (Shared.Protocol.RunId A, Shared.Protocol.RunId B) Runs(List<ISchedulerEvent> journal)
    {
        var submitted = journal.OfType<RunSubmitted>().Select(run => run.Run).ToList();
        Assert.Equal(2, submitted.Count);
        return (submitted[0], submitted[1]);
    }
}

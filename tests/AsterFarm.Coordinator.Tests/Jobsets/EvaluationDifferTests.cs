using AsterFarm.Coordinator.Jobsets.Diff;
using AsterFarm.Coordinator.Jobsets.Model;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class EvaluationDifferTests
{
    private static readonly DiffOptions Options = new(SlowerRatio: 1.5, MinimumSlowdownSeconds: 10, HistoryEvaluations: 3, ErrorLines: 2);

    [Fact]
    public void EveryJobLandsInTheCategoryItsTwoOutcomesSay()
    {
        var older = Evaluation(1,
            Built("fixed", "a1", state: JobState.Failed),
            Built("broken", "b1"),
            Built("still", "c1", state: JobState.Failed),
            Built("gone", "d1"),
            Built("changed", "e1"),
            Built("same", "f1"));
        var newer = Evaluation(2,
            Built("fixed", "a2"),
            Built("broken", "b2", state: JobState.Failed, error: "line one\n\nline two\nline three"),
            Built("still", "c1", state: JobState.DependencyFailed),
            Built("changed", "e2"),
            Built("same", "f1", state: JobState.Cached),
            Built("new", "g1"),
            Built("newbroken", "h1", state: JobState.Failed),
            Built("waiting", "i1", state: JobState.Pending));

        var diff = EvaluationDiffer.Compare(older, newer, [older], Options);

        Assert.Equal(["broken", "newbroken"], Names(diff.NewlyFailing));
        Assert.Equal(["fixed"], Names(diff.NewlyFixed));
        Assert.Equal(["still"], Names(diff.StillFailing));
        Assert.Equal(["gone"], Names(diff.Removed));
        Assert.Equal(["changed"], Names(diff.Rebuilt));
        Assert.Equal(["same"], Names(diff.UnchangedCached));
        Assert.Equal(["new"], Names(diff.Added));
        Assert.Equal(["waiting"], Names(diff.Pending));
        var broken = diff.NewlyFailing[0];
        Assert.Equal(("Build", "line one\nline two", "/nix/store/b1.drv", "/nix/store/b2.drv"), (broken.FailureClass, broken.Error, broken.PreviousDrvPath, broken.DrvPath));
    }

    [Fact]
    public void AttributeThatNoLongerEvaluatesIsNewlyFailingWithNixsMessage()
    {
        var older = Evaluation(1, Built("hello", "a1"));
        var newer = Evaluation(2) with { Jobs = [EvaluatedJob.Failed("hello", "error: undefined variable 'x'\n\n       at /src/release.nix:3:5:")] };

        var diff = EvaluationDiffer.Compare(older, newer, [], Options);

        var entry = Assert.Single(diff.NewlyFailing);
        Assert.Equal(("Evaluation", "error: undefined variable 'x'\n       at /src/release.nix:3:5:", "EvaluationFailed"), (entry.FailureClass, entry.Error, entry.State));
    }

    [Fact]
    public void BuildSlowerThanItsMedianBeyondTheThresholdIsReported()
    {
        var history = new[]
        {
            Evaluation(1, Built("gcc", "g", seconds: 100), Built("tiny", "t", seconds: 1)),
            Evaluation(2, Built("gcc", "g", seconds: 110), Built("tiny", "t", seconds: 1)),
            Evaluation(3, Built("gcc", "g", seconds: 90), Built("tiny", "t", seconds: 1)),
        };
        var newer = Evaluation(4, Built("gcc", "g2", seconds: 160), Built("tiny", "t2", seconds: 5));

        var diff = EvaluationDiffer.Compare(history[^1], newer, history, Options);

        var slower = Assert.Single(diff.Slower);
        Assert.Equal(("gcc", 160.0, 100.0, SlowdownReason.Build), (slower.Attribute, slower.Seconds, slower.UsualSeconds, slower.Reason));
    }

    [Fact]
    public void BuiltNativelyLastTimeAndEmulatedNowIsItsOwnReason()
    {
        var older = Evaluation(1, Built("hello.riscv64-linux", "h", seconds: 20));
        var newer = Evaluation(2, Built("hello.riscv64-linux", "h2", seconds: 100, emulated: true));

        var diff = EvaluationDiffer.Compare(older, newer, [older], Options);

        Assert.Equal(SlowdownReason.EmulatedNow, Assert.Single(diff.Slower).Reason);
    }

    [Fact]
    public void SummaryIsOneLineNamingTheFirstNewFailures()
    {
        var older = Evaluation(1, Built("a", "a"), Built("b", "b"));
        var newer = Evaluation(2, Built("a", "a2", state: JobState.Failed), Built("b", "b", state: JobState.Cached));

        var summary = EvaluationDiffer.Compare(older, newer, [], Options).Summary();

        Assert.Equal("nightly #2 vs #1: 1 newly failing, 0 fixed, 0 still failing, 0 rebuilt, 1 unchanged (first: a)", summary);
    }

    private static string[] Names(IReadOnlyList<DiffEntry> entries) => [.. entries.Select(entry => entry.Attribute)];

    private static (EvaluatedJob Job, JobOutcome Outcome) Built(
        string attribute, string drv, JobState state = JobState.Built, double? seconds = null, bool emulated = false, string? error = null) =>
        (new EvaluatedJob(attribute, $"/nix/store/{drv}.drv", "x86_64-linux", [$"out=/nix/store/{drv}-out"], null),
         new JobOutcome(attribute, state, seconds, emulated, "builder-1", state is JobState.Failed or JobState.DependencyFailed ? (state == JobState.Failed ? "Build" : "Dependency") : null, error));

    private static EvaluationRecord Evaluation(int number, params (EvaluatedJob Job, JobOutcome Outcome)[] jobs) =>
        EvaluationRecord.Started("nightly", number, null, DateTime.UnixEpoch) with
        {
            State = EvaluationState.Finished,
            Jobs = [.. jobs.Select(job => job.Job)],
            Outcomes = [.. jobs.Where(job => job.Outcome.State != JobState.Pending).Select(job => job.Outcome)],
        };
}

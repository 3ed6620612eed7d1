using AsterFarm.Coordinator.Jobsets.Evaluation;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class JobsetsActorSpecs : JobsetsSpecBase
{
    [Fact]
    public void EvaluationSubmitsItsDrvsAsOneRunAndRecordsEachJobsOutcome()
    {
        Define("distro");
        var jobs = ScriptedEvaluator.Jobs("hello=hello", "tools.zlib=zlib", "tools.broken=broken");
        Evaluator.Answer("distro", jobs);

        Assert.Equal(new EvaluationAccepted(true, 1), Ask<EvaluationAccepted>(new EvaluateJobset("distro")));
        var submit = ExpectSubmission();
        Assert.Equal(7, submit.Priority);
        Assert.Equal(jobs.Jobs.Select(job => job.DrvPath).Order(), submit.Roots.Select(root => "/nix/store/" + root.BaseName).Order());
        Assert.Equal(3, Assert.Single(Uploader.Uploads).Count);
        EndRun(submit.Run, RunState.Failed,
            Entry(ScriptedEvaluator.DrvOf(jobs, "hello"), BuildState.Built, seconds: 12, emulated: true),
            Entry(ScriptedEvaluator.DrvOf(jobs, "tools.zlib"), BuildState.Cached),
            Entry(ScriptedEvaluator.DrvOf(jobs, "tools.broken"), BuildState.Failed, reason: "builder exited with code 2", log: "cc: error: missing.c"));

        var record = AwaitEvaluation("distro", 1, record => record.State == EvaluationState.Finished, "finished");

        Assert.Equal(submit.Run.ToString(), record.Run);
        var outcomes = record.OutcomeByAttribute();
        Assert.Equal((JobState.Built, 12.0, true), (outcomes["hello"].State, outcomes["hello"].BuildSeconds!.Value, outcomes["hello"].Emulated));
        Assert.Equal(JobState.Cached, outcomes["tools.zlib"].State);
        Assert.Equal((JobState.Failed, "Build", "builder exited with code 2\ncc: error: missing.c"), (outcomes["tools.broken"].State, outcomes["tools.broken"].FailureClass, outcomes["tools.broken"].Error));
    }

    [Fact]
    public void RunsWithMoreDerivationsThanAPageAreReadToTheEnd()
    {
        Define("big");
        var jobs = ScriptedEvaluator.Jobs([.. Enumerable.Range(0, 120).Select(i => $"job{i:000}=pkg{i}")]);
        Evaluator.Answer("big", jobs);
        Ask<EvaluationAccepted>(new EvaluateJobset("big"));
        var submit = ExpectSubmission();

        EndRun(submit.Run, RunState.Succeeded, [.. jobs.Jobs.Select(job => Entry(job.DrvPath!, BuildState.Built))]);

        var record = AwaitEvaluation("big", 1, record => record.State == EvaluationState.Finished, "finished");
        Assert.True(record.AllSucceeded);
        Assert.Equal(120, record.Outcomes.Length);
    }

    [Fact]
    public void ExpressionThatDoesNotEvaluateFailsTheEvaluationAndSubmitsNothing()
    {
        Define("typo");
        Evaluator.Answer("typo", new JobsetEvaluation(null, "hash", "error: syntax error, unexpected end of file", []));

        Ask<EvaluationAccepted>(new EvaluateJobset("typo"));

        var record = AwaitEvaluation("typo", 1, record => record.State == EvaluationState.Failed, "failed");
        Assert.Equal("error: syntax error, unexpected end of file", record.Error);
        Assert.Null(record.Run); // a failed evaluation is terminal: it never has a run, so nothing was submitted
        Assert.Empty(Uploader.Uploads);
    }

    [Fact]
    public void DefinitionsAndEvaluationsSurviveAFailover()
    {
        Define("distro", schedule: "0 2 * * *");
        var jobs = ScriptedEvaluator.Jobs("hello=hello");
        Evaluator.Answer("distro", jobs);
        Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
        var submit = ExpectSubmission();
        EndRun(submit.Run, RunState.Succeeded, Entry(ScriptedEvaluator.DrvOf(jobs, "hello"), BuildState.Built));
        AwaitEvaluation("distro", 1, record => record.State == EvaluationState.Finished, "finished");

        Failover();

        var details = Ask<JobsetDetails>(new GetJobset("distro"));
        Assert.Equal("0 2 * * *", details.Jobset!.Definition.Schedule);
        var evaluation = Assert.Single(details.Evaluations);
        Assert.Equal((1, EvaluationState.Finished, 1, 0), (evaluation.Number, evaluation.State, evaluation.Jobs, evaluation.FailedJobs));
        var channel = Ask<ChannelFound>(new GetChannel("distro"));
        Assert.Equal((true, 1), (channel.Known, channel.Number));
        Assert.Equal([jobs.Jobs[0].OutputPaths().Single()], channel.Paths);
    }

    [Fact]
    public void ScheduledSlotIsEvaluatedOnceEvenWhenTheCoordinatorFailsOverMidEvaluation()
    {
        Define("nightly", schedule: "0 2 * * *");
        Evaluator.Answer("nightly", ScriptedEvaluator.Jobs("hello=hello"));
        Evaluator.Hold();

        Clock.Advance(TimeSpan.FromHours(2.01));
        AwaitCondition(() => Evaluator.Calls.Count == 1, Wait, TimeSpan.FromMilliseconds(20), $"expected the 02:00 slot to start an evaluation, {Evaluator.Calls.Count} calls");
        Failover();
        AwaitCondition(() => Evaluator.Calls.Count == 2, Wait, TimeSpan.FromMilliseconds(20), $"expected the interrupted evaluation to start again, {Evaluator.Calls.Count} calls");
        Evaluator.Release();
        var submit = ExpectSubmission();
        Clock.Advance(TimeSpan.FromMinutes(30));

        // More ticks pass (every 50 ms) within the same day: no second evaluation of the slot.
        AwaitCondition(() => Ask<JobsetList>(new ListJobsets()).Jobsets.Single().Latest?.Run == submit.Run.ToString(), Wait);
        Scheduler.FishForMessage<GetRunStatus>(_ => true, Wait);
        var details = Ask<JobsetDetails>(new GetJobset("nightly"));
        var evaluation = Assert.Single(details.Evaluations);
        Assert.Equal(new DateTime(2025, 1, 1, 2, 0, 0, DateTimeKind.Utc), evaluation.Slot);
        Assert.Equal(new DateTime(2025, 1, 2, 2, 0, 0, DateTimeKind.Utc), details.Jobset!.NextSlotUtc);
        Assert.Equal(2, Evaluator.Calls.Count);
    }

    [Fact]
    public void NewEvaluationCancelsThePreviousUnfinishedRunWhenTheJobsetSaysSo()
    {
        Define("hurry", cancelPrevious: true);
        Evaluator.Answer("hurry", ScriptedEvaluator.Jobs("hello=hello"));
        Ask<EvaluationAccepted>(new EvaluateJobset("hurry"));
        var first = ExpectSubmission();
        Evaluator.Answer("hurry", ScriptedEvaluator.Jobs("hello=hello2"));

        Ask<EvaluationAccepted>(new EvaluateJobset("hurry"));

        var cancel = Scheduler.FishForMessage<CancelRun>(_ => true, Wait);
        Assert.Equal(first.Run, cancel.Run);
        Assert.Contains("superseded by evaluation #2", cancel.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffOfTheLatestTwoEvaluationsNamesWhatChanged()
    {
        Define("distro");
        var before = ScriptedEvaluator.Jobs("a=a", "b=b");
        Evaluator.Answer("distro", before);
        Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
        var first = ExpectSubmission();
        EndRun(first.Run, RunState.Succeeded, Entry(ScriptedEvaluator.DrvOf(before, "a"), BuildState.Built), Entry(ScriptedEvaluator.DrvOf(before, "b"), BuildState.Built));
        AwaitEvaluation("distro", 1, record => record.State == EvaluationState.Finished, "finished");
        var after = ScriptedEvaluator.Jobs("a=a", "b=b-changed");
        Evaluator.Answer("distro", after);
        Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
        var second = ExpectSubmission();
        EndRun(second.Run, RunState.Failed, Entry(ScriptedEvaluator.DrvOf(after, "a"), BuildState.Cached), Entry(ScriptedEvaluator.DrvOf(after, "b"), BuildState.Failed, reason: "exit 1"));
        AwaitEvaluation("distro", 2, record => record.State == EvaluationState.Finished, "finished");

        var diff = Ask<DiffFound>(new GetDiff("distro", 0, 0)).Diff!;

        Assert.Equal((1, 2), (diff.From, diff.To));
        Assert.Equal("b", Assert.Single(diff.NewlyFailing).Attribute);
        Assert.Equal("a", Assert.Single(diff.UnchangedCached).Attribute);
        Assert.Equal([.. before.Jobs.SelectMany(job => job.OutputPaths()).Order(StringComparer.Ordinal)], Ask<ChannelFound>(new GetChannel("distro")).Paths);
        Assert.Equal("no jobset 'nothing'", Ask<DiffFound>(new GetDiff("nothing", 0, 0)).Problem);
    }

    [Fact]
    public void InvalidDefinitionIsRefusedWithEveryProblem()
    {
        var saved = Ask<JobsetSaveResult>(new SaveJobset(new JobsetDefinition("x y", "rel", [], "bad", "UTC", 0, false, 1, null)));

        Assert.False(saved.Saved);
        Assert.Equal(3, saved.Problems.Length);
        Assert.Empty(Ask<JobsetList>(new ListJobsets()).Jobsets);
    }
}

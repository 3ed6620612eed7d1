using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Tests.Jobsets;

/// <summary>The jobsets journal and snapshots on SQLite, as <c>asterfarm up</c> keeps them.</summary>
public sealed class SqliteJobsetsSpecs() : JobsetsSpecBase(sqlite: true)
{
    [Fact]
    public void JobsetsAndEvaluationsAreRecoveredFromTheSqliteJournalAndSnapshots()
    {
        // Snapshots every 3 events: this history crosses two of them, and recovery reads a snapshot and the events after.
        Define("distro", schedule: "30 1 * * *");
        Define("other");
        var jobs = ScriptedEvaluator.Jobs("hello=hello", "broken=broken");
        Evaluator.Answer("distro", jobs);
        Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
        var submit = ExpectSubmission();
        EndRun(submit.Run, RunState.Failed, Entry(ScriptedEvaluator.DrvOf(jobs, "hello"), BuildState.Built, seconds: 3), Entry(ScriptedEvaluator.DrvOf(jobs, "broken"), BuildState.Failed, reason: "exit 1"));
        var before = AwaitEvaluation("distro", 1, record => record.State == EvaluationState.Finished, "finished");
        Assert.True(Ask<JobsetRemoveResult>(new RemoveJobset("other")).Removed);

        Failover();

        var after = Ask<EvaluationFound>(new GetEvaluation("distro", 1)).Evaluation!;
        Assert.Equal(before.Jobs.Select(job => (job.Attribute, job.DrvPath, job.Outputs.Single())), after.Jobs.Select(job => (job.Attribute, job.DrvPath, job.Outputs.Single())));
        Assert.Equal(before.Outcomes, after.Outcomes);
        Assert.Equal(["distro"], Ask<JobsetList>(new ListJobsets()).Jobsets.Select(jobset => jobset.Definition.Name));
        Assert.Equal("30 1 * * *", Ask<JobsetDetails>(new GetJobset("distro")).Jobset!.Definition.Schedule);
    }
}

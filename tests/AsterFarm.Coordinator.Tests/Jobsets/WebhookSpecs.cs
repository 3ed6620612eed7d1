using System.Text.Json;
using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class WebhookSpecs : JobsetsSpecBase
{
    [Fact]
    public async Task EndedEvaluationPostsItsSummaryAndDiffToTheWebhookRetryingUntilItAnswers()
    {
        await using var hook = new WebhookServer(failFirst: 2);
        await hook.StartAsync();
        Define("distro", webhook: hook.Url.ToString());
        var before = ScriptedEvaluator.Jobs("a=a");
        Evaluator.Answer("distro", before);
        Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
        var first = ExpectSubmission();
        EndRun(first.Run, RunState.Succeeded, Entry(ScriptedEvaluator.DrvOf(before, "a"), BuildState.Built));
        AwaitEvaluation("distro", 1, record => record.State == EvaluationState.Finished, "finished");
        AwaitCondition(() => hook.Received.Count == 1, Wait, TimeSpan.FromMilliseconds(20), $"expected the first report after 2 refused tries, {hook.Calls} calls");
        var after = ScriptedEvaluator.Jobs("a=a2");
        Evaluator.Answer("distro", after);
        Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
        var second = ExpectSubmission();
        EndRun(second.Run, RunState.Failed, Entry(ScriptedEvaluator.DrvOf(after, "a"), BuildState.Failed, reason: "exit 2"));

        AwaitCondition(() => hook.Received.Count == 2, Wait, TimeSpan.FromMilliseconds(20), $"expected the second report, {hook.Calls} calls");

        Assert.Equal(4, hook.Calls);
        using var report = JsonDocument.Parse(hook.Received.Last());
        Assert.Equal(("distro", 2, "Finished"), (report.RootElement.GetProperty("jobset").GetString(), report.RootElement.GetProperty("evaluation").GetInt32(), report.RootElement.GetProperty("state").GetString()));
        Assert.Equal("distro #2 vs #1: 1 newly failing, 0 fixed, 0 still failing, 0 rebuilt, 0 unchanged (first: a)", report.RootElement.GetProperty("summary").GetString());
        Assert.Equal("exit 2", report.RootElement.GetProperty("diff").GetProperty("newlyFailing")[0].GetProperty("error").GetString());
    }
}

using AsterFarm.Coordinator.Jobsets.Model;
using AsterFarm.Shared.Protocol.Runs;
using static AsterFarm.Coordinator.Jobsets.JobsetMessages;

namespace AsterFarm.Coordinator.Tests.Jobsets;

public sealed class CacheRootsSpecs : JobsetsSpecBase
{
    [Fact]
    public void RootsAreTheOutputsOfTheLastNSuccessfulEvaluationsAndThePinnedPaths()
    {
        Define("distro", keep: 2);
        var outputs = new List<string>();
        for (var night = 1; night <= 4; night++)
        {
            var jobs = ScriptedEvaluator.Jobs($"hello=hello-{night}");
            Evaluator.Answer("distro", jobs);
            Ask<EvaluationAccepted>(new EvaluateJobset("distro"));
            var submit = ExpectSubmission();
            var fails = night == 4;
            EndRun(submit.Run, fails ? RunState.Failed : RunState.Succeeded, Entry(jobs.Jobs[0].DrvPath!, fails ? BuildState.Failed : BuildState.Built));
            AwaitEvaluation("distro", night, record => record.State == EvaluationState.Finished, "finished");
            outputs.Add(jobs.Jobs[0].OutputPaths().Single());
        }

        const string pinned = "/nix/store/5g5bixpnv2cbkzm4cq56cw5jfvm0x2jw-keep-me";
        Ask<PinsFound>(new ChangePins([pinned], Pin: true));
        Failover();

        // Night 4 failed: the last two successful nights are 3 and 2.
        Assert.Equal(new[] { outputs[1], outputs[2], pinned }.Order(StringComparer.Ordinal), Ask<CacheRootsFound>(new GetCacheRoots()).Paths);
        Assert.Equal([pinned], Ask<PinsFound>(new ListPins()).Paths);
        Assert.Equal([outputs[2]], Ask<ChannelFound>(new GetChannel("distro")).Paths);

        Assert.Empty(Ask<PinsFound>(new ChangePins([pinned], Pin: false)).Paths);
        Assert.Equal(new[] { outputs[1], outputs[2] }.Order(StringComparer.Ordinal), Ask<CacheRootsFound>(new GetCacheRoots()).Paths);
    }
}

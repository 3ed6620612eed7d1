using AsterFarm.Shared.Protocol.Builders;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

public sealed class SchedulerActorSpecs : SchedulerSpecBase
{
    [Fact]
    public async Task A_derivation_no_builder_can_take_waits_with_a_reason_and_starts_when_one_joins()
    {
        var riscv = await Drvs.AddAsync("hello-riscv-1.0", system: "riscv64-linux");
        RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(riscv);

        var waiting = AwaitStatus(run, s => s.Builds.Any(b => b.State == BuildState.Waiting), "a waiting build");
        Assert.Equal("no builder offers riscv64-linux", Assert.Single(waiting.Builds).Reason);

        var emulating = RegisterBuilder("qemu-1", ["x86_64-linux"], emulated: [new EmulatedSystem("riscv64-linux", 5.2)]);
        var dispatch = emulating.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal((riscv, "riscv64-linux"), (dispatch.DrvPath, dispatch.System));
    }

    [Fact]
    public async Task A_build_on_a_builder_that_leaves_is_queued_again_and_dispatched_elsewhere()
    {
        var slow = await Drvs.AddAsync("slow-1.0");
        var first = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(slow);
        var lost = first.ExpectMsg<DispatchBuild>(Wait);

        Sys.Stop(first.Ref);
        AwaitStatus(run, s => s.Builds.Any(b => b.State == BuildState.Waiting), "the build to wait again");
        var second = RegisterBuilder("x86-2", ["x86_64-linux"]);

        var again = second.ExpectMsg<DispatchBuild>(Wait);
        Assert.Equal(slow, again.DrvPath);
        Assert.NotEqual(lost.Lease, again.Lease);
        Assert.Equal(2, again.Attempt);
    }

    [Fact]
    public async Task Outputs_already_in_the_cache_are_not_built_and_their_inputs_are_not_built_nor_their_sources_needed()
    {
        // The .drv below is needed (the output paths above are verified with hashDerivationModulo over the whole
        // closure, as `asterfarm submit` uploads it); its output and its source are not.
        var neverUploaded = Shared.Store.StorePath.Parse("0123456789abcdfghijklmnpqrsvwxyz-never-uploaded.sh");
        var below = await Drvs.AddAsync("below-1.0", sources: [neverUploaded]);
        var cached = await Drvs.AddAsync("cached-1.0", inputs: [below]);
        await Drvs.PutPathAsync(Drvs.OutputOf(cached));
        var top = await Drvs.AddAsync("top-1.0", inputs: [cached]);
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);

        Submit(top);
        var accepted = ExpectMsg<RunAccepted>(Wait);
        Assert.Equal((2, 1), (accepted.Derivations, accepted.AlreadyCached));
        Assert.Equal(top, builder.ExpectMsg<DispatchBuild>(Wait).DrvPath);
    }

    [Fact]
    public async Task A_run_whose_drv_or_source_is_missing_from_the_cache_is_rejected_naming_them()
    {
        var notUploaded = await Drvs.AddAsync("ghost-1.0", upload: false);
        var source = Shared.Store.StorePath.Parse("0123456789abcdfghijklmnpqrsvwxyz-build.sh");
        var root = await Drvs.AddAsync("root-1.0", inputs: [notUploaded], sources: [source]);

        Submit(root);
        var rejected = ExpectMsg<RunRejected>(Wait);

        Assert.Contains(rejected.Problems, p => p.Contains(notUploaded.BaseName, StringComparison.Ordinal) && p.StartsWith("missing derivation", StringComparison.Ordinal));
        Assert.Contains(rejected.Problems, p => p.Contains(source.BaseName, StringComparison.Ordinal) && p.StartsWith("missing source", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_submission_is_not_journaled_nor_listed_as_a_run()
    {
        var ghost = await Drvs.AddAsync("ghost-1.0", upload: false);
        var root = await Drvs.AddAsync("root-1.0", inputs: [ghost]);
        var accepted = await Drvs.AddAsync("fine-1.0");

        var refused = Submit(root);
        ExpectMsg<RunRejected>(Wait);
        var kept = SubmitAccepted(accepted);
        RestartScheduler();

        Scheduler.Tell(new ListRuns(ListRuns.MaxRuns), TestActor);
        var runs = ExpectMsg<RunList>(Wait).Runs.Select(run => run.Run).ToList();
        Assert.Equal([kept], runs);
        Assert.Equal(RunState.Unknown, StatusOf(refused).State);
    }

    [Fact]
    public async Task A_follower_receives_each_state_change_then_the_final_status()
    {
        var only = await Drvs.AddAsync("single-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(only);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);

        var follower = CreateTestProbe();
        Scheduler.Tell(new SubscribeRun(run), follower.Ref);
        Assert.Equal(RunState.Running, follower.ExpectMsg<RunStatus>(Wait).State);
        Finish(builder, dispatch, "x86-1");

        var built = follower.ExpectMsg<RunBuildEvent>(Wait);
        Assert.Equal((only, BuildState.Built), (built.Build.DrvPath, built.Build.State));
        Assert.Equal(RunState.Succeeded, follower.ExpectMsg<RunStatus>(Wait).State);
    }

    [Fact]
    public async Task Submitting_the_same_run_again_is_answered_not_duplicated()
    {
        var only = await Drvs.AddAsync("once-1.0");
        var run = SubmitAccepted(only);

        Scheduler.Tell(new SubmitRun(run, [only], 0, RunOptions.Default, 1, null), TestActor);

        Assert.Equal(run, ExpectMsg<RunAccepted>(Wait).Run);
        Scheduler.Tell(new ListRuns(10), TestActor);
        Assert.Single(ExpectMsg<RunList>(Wait).Runs);
    }
}

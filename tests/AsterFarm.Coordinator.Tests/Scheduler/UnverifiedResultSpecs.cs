using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>
/// A builder's word is not enough: a success counts only when every output it names is in the cache with the NAR hash
/// and size it reported (issue 11, defect 4). Anything else is a failed try of that builder, placed again.
/// </summary>
public sealed class UnverifiedResultSpecs : SchedulerSpecBase
{
    [Fact]
    public async Task A_success_naming_an_output_the_cache_does_not_have_is_not_accepted()
    {
        var drv = await Drvs.AddAsync("never-uploaded-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);
        var output = Drvs.OutputOf(drv);

        Finish(builder, dispatch, "x86-1", [new BuiltOutput("out", output, NixHash.Sha256("made up"), 123)]);

        var attempt = RefusedTry(run);
        Assert.Contains(output.ToString(), attempt.Reason, StringComparison.Ordinal);
        Assert.Contains("not in the cache", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_reporting_another_NAR_hash_than_the_cache_holds_is_not_accepted()
    {
        var drv = await Drvs.AddAsync("other-hash-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);
        var uploaded = Assert.Single(await Drvs.PutOutputsAsync(drv));

        Finish(builder, dispatch, "x86-1", [uploaded with { NarHash = NixHash.Sha256("another NAR") }]);

        var attempt = RefusedTry(run);
        Assert.Contains("NAR hash", attempt.Reason, StringComparison.Ordinal);
        Assert.Contains(uploaded.NarHash.ToString(), attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_that_leaves_out_an_output_of_the_derivation_is_not_accepted()
    {
        var drv = await Drvs.AddAsync("no-outputs-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);

        Finish(builder, dispatch, "x86-1", []);

        var attempt = RefusedTry(run);
        Assert.Contains("'out'", attempt.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_success_whose_outputs_are_in_the_cache_as_reported_is_accepted()
    {
        var drv = await Drvs.AddAsync("honest-1.0");
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);
        var run = SubmitAccepted(drv);
        var dispatch = builder.ExpectMsg<DispatchBuild>(Wait);

        Finish(builder, dispatch, "x86-1", await Drvs.PutOutputsAsync(drv));

        var done = AwaitStatus(run, s => s.State == RunState.Succeeded, "the run to succeed");
        Assert.Empty(done.Attempts ?? []);
    }

    /// <summary>The reported success became a failed try of the builder (infrastructure: retried elsewhere), and the run is not done.</summary>
    private BuildAttempt RefusedTry(Shared.Protocol.RunId run)
    {
        var status = AwaitStatus(run, s => s.Attempts is { Count: > 0 } || s.State != RunState.Running, "the reported success to be refused as a failed try");
        Assert.NotEqual(RunState.Succeeded, status.State);
        Assert.DoesNotContain(status.Builds, b => b.State == BuildState.Built);
        var attempt = Assert.Single(status.Attempts!);
        Assert.Equal((FailureClass.Infrastructure, "x86-1"), (attempt.Class, attempt.Node.Value));
        return attempt;
    }
}

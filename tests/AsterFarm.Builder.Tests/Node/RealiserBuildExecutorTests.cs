using AsterFarm.Builder.Node;
using AsterFarm.Builder.Realisation;
using AsterFarm.Shared.Hashing;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Store;

namespace AsterFarm.Builder.Tests.Node;

public sealed class RealiserBuildExecutorTests
{
    private static readonly StorePath Drv = StorePath.Parse("0c7c58ai8yly6ggqb0awdqxdbn0afrna-a.drv");
    private static readonly RealisationTimings Timings = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5));

    [Fact]
    public void A_realised_derivation_reports_every_output_with_its_nar_hash_and_the_phase_timings()
    {
        var output = new RealisedOutput("out", StorePath.Parse("1dgs4xdj5wnlz6hv6zd7bs8sgxd6ww9x-a"), NixHash.Sha256("nar"), 42, [], null);

        var outcome = RealiserBuildExecutor.ToOutcome(new RealisationResult(Drv, [output], Timings, null));

        Assert.Null(outcome.Failure);
        Assert.Equal([new BuiltOutput("out", output.Path, output.NarHash, 42)], outcome.Outputs);
        Assert.Equal(new PhaseTimings(Timings.Fetch, Timings.Setup, Timings.Build, Timings.Scan, Timings.Upload), outcome.Timings);
    }

    [Theory]
    [InlineData(FailureKind.BuilderFailed, FailureClass.Build)]
    [InlineData(FailureKind.HashMismatch, FailureClass.Build)]
    [InlineData(FailureKind.TimedOut, FailureClass.Build)]
    [InlineData(FailureKind.Silent, FailureClass.Build)]
    [InlineData(FailureKind.MissingOutput, FailureClass.Build)]
    [InlineData(FailureKind.CacheUnavailable, FailureClass.Infrastructure)]
    [InlineData(FailureKind.InputUnavailable, FailureClass.Infrastructure)]
    [InlineData(FailureKind.OutOfDisk, FailureClass.Infrastructure)]
    [InlineData(FailureKind.SandboxFailed, FailureClass.Infrastructure)]
    [InlineData(FailureKind.Unsupported, FailureClass.Refused)]
    public void A_failure_is_reported_in_the_protocols_class(FailureKind kind, FailureClass expected)
    {
        var outcome = RealiserBuildExecutor.ToOutcome(new RealisationResult(Drv, [], Timings, new RealisationFailure(kind, "it broke", "tail")));

        Assert.Equal(expected, outcome.Failure!.Class);
        Assert.EndsWith("it broke", outcome.Failure.Reason, StringComparison.Ordinal);
    }
}

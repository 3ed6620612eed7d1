using System.Diagnostics;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.RealNix;
using Xunit.Abstractions;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>Issue 6: a builder SIGKILLed mid-build loses its lease, and the build is done again elsewhere, once.</summary>
public sealed class BuilderLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private TwoCoordinatorFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await TwoCoordinatorFarm.StartAsync("asterfarm-builder-loss", LeaseTimeout);

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task A_build_whose_builder_is_killed_is_dispatched_again_after_the_lease_expires_and_every_derivation_is_built_once()
    {
        var dag = NixDag.Instantiate(_farm.Farm.Directory, "builder-loss", width: 4, layers: 3, slowSeconds: 6);
        var slow = NixDerivations.Store.Print(dag.Slow!.Value);
        var run = AsterfarmCli.Succeed(["submit", NixDerivations.Store.Print(dag.Root), "--no-wait", .. _farm.Farm.CliFlagsForEveryCoordinator]).Trim();
        var running = await _farm.AwaitStatusAsync(
            run, _farm.Survivor, s => s.Builds.Any(b => b.DrvPath == slow && b.State == "Running" && b.Node is not null), Patience, "the slow build to run");
        var victim = running.Builds.Single(b => b.DrvPath == slow).Node!;
        var clock = Stopwatch.StartNew();

        await _farm.Farm.KillAsync(victim);

        var done = await _farm.AwaitStatusAsync(run, _farm.Survivor, s => s.IsFinished, Patience, "the run to end");
        output.WriteLine($"killed {victim}; the run ended {clock.Elapsed.TotalSeconds:F1} s later");
        Assert.True(done.State == "Succeeded", $"the run should succeed: {done}");
        var retry = Assert.Single(done.Attempts ?? [], a => a.DrvPath == slow);
        Assert.Equal((victim, "Infrastructure", 1), (retry.Node, retry.Class, retry.Attempt));
        var successes = await SchedulerJournal.SuccessesAsync(_farm.Postgres);
        Assert.All(dag.Derivations, drv => Assert.Equal(1, successes.GetValueOrDefault(drv.ToString())));
        Assert.All(dag.Derivations, drv => Assert.Equal(1, _farm.BuildsLogged(drv.ToString())));
        Assert.Empty(await CacheVerification.ProblemsAsync(_farm.Farm.UrlOf(_farm.Survivor), dag.Root, dag.Derivations));
    }
}

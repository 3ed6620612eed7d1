using System.Diagnostics;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;
using Xunit.Abstractions;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>
/// Issue 6: the coordinator hosting the scheduler singleton is SIGKILLed mid-run; the other coordinator takes the
/// singleton over from the journal, the builders re-register with it, the run goes on and <c>asterfarm submit</c>
/// follows it to the end; the killed coordinator is started again meanwhile and rejoins.
/// </summary>
public sealed class CoordinatorLossTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private TwoCoordinatorFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await TwoCoordinatorFarm.StartAsync("asterfarm-coordinator-loss", LeaseTimeout);

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task A_run_of_two_hundred_derivations_survives_the_scheduler_s_coordinator_being_killed_and_submit_follows_it_to_the_end()
    {
        var dag = NixDag.Instantiate(_farm.Farm.Directory, "coordinator-loss", width: 20, layers: 10);
        await using var submit = ManagedProcess.Start(
            "submit",
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "submit", NixDerivations.Store.Print(dag.Root), .. _farm.Farm.CliFlagsForEveryCoordinator]);
        var accepted = await submit.WaitForOutputAsync(" derivations, ", Patience);
        var run = accepted.Split(' ')[1].TrimEnd(':');
        var before = await _farm.AwaitStatusAsync(run, _farm.Survivor, s => Done(s) >= 40, Patience, "40 derivations built");
        var clock = Stopwatch.StartNew();

        await _farm.Farm.KillAsync(_farm.SchedulerHost);

        var atKill = Done(before);
        await _farm.AwaitStatusAsync(run, _farm.Survivor, s => Done(s) > atKill + 20, Patience, "the run to go on under the new scheduler");
        output.WriteLine($"{_farm.SchedulerHost} killed with {atKill} built; 20 more built {clock.Elapsed.TotalSeconds:F1} s later");
        _farm.Farm.Restart(_farm.SchedulerHost);
        var exit = await submit.WaitForExitAsync(Patience);
        output.WriteLine($"submit exited {exit} {clock.Elapsed.TotalSeconds:F1} s after the kill");

        Assert.True(exit == 0, $"asterfarm submit should follow the run to its success:\n{submit.Output}");
        var done = await _farm.AwaitStatusAsync(run, _farm.Survivor, s => s.IsFinished, Patience, "the run to be finished");
        Assert.Equal(("Succeeded", dag.Derivations.Count), (done.State, Done(done)));
        var successes = await SchedulerJournal.SuccessesAsync(_farm.Postgres);
        Assert.All(dag.Derivations, drv => Assert.Equal(1, successes.GetValueOrDefault(drv.ToString())));
        var rebuilt = dag.Derivations.Where(drv => _farm.BuildsLogged(drv.ToString()) != 1).ToList();
        output.WriteLine($"attempts: {done.Attempts?.Count ?? 0}; derivations not built exactly once by the builders: {string.Join(", ", rebuilt)}");
        Assert.Empty(await CacheVerification.ProblemsAsync(_farm.Farm.UrlOf(_farm.Survivor), dag.Root, dag.Derivations));
        await _farm.Farm.WaitUntilUpAsync(members: 2 + TwoCoordinatorFarm.Builders.Length, observer: _farm.Survivor);
    }

    private static int Done(RunStatusView status) => status.Systems.Sum(system => system.Done);
}

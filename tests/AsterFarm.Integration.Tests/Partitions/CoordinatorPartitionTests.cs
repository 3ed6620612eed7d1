using System.Diagnostics;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Hosting;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.RealNix;
using Xunit.Abstractions;

namespace AsterFarm.Integration.Tests.Partitions;

/// <summary>
/// Issue 6: one of three coordinators cut off from the other two (and from the builders and the database). The
/// split-brain resolver keeps the majority: the cut coordinator downs itself and exits non-zero, the majority keeps
/// scheduling (the singleton moves if it was on the cut node), and after healing — the downed coordinator started
/// again and rejoined — every derivation is recorded built exactly once.
/// </summary>
public sealed class CoordinatorPartitionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private static readonly string[] Coordinators = ["c1", "c2", "c3"];
    private static readonly string[] Builders = ["b1", "b2"];

    // The cluster timings are the defaults (split-brain resolver stable-after 4 s); leases expire after 5 s.
    private static readonly Dictionary<string, string> Timings = new()
    {
        ["AsterFarm__Scheduler__HeartbeatInterval"] = "00:00:01",
        ["AsterFarm__Scheduler__LeaseTimeout"] = "00:00:05",
        ["AsterFarm__Scheduler__RetryBackoff"] = "00:00:00.5",
    };

    [Fact]
    public Task Cutting_off_the_scheduler_s_coordinator_moves_the_scheduler_to_the_majority_and_downs_the_cut_one() =>
        CutOneCoordinatorAsync(hostOfScheduler: true);

    [Fact]
    public Task Cutting_off_a_coordinator_without_the_scheduler_downs_it_while_the_majority_schedules_on() =>
        CutOneCoordinatorAsync(hostOfScheduler: false);

    private async Task CutOneCoordinatorAsync(bool hostOfScheduler)
    {
        // The builders use the last coordinator's cache, which is never the one cut.
        await using var bed = await PartitionTestBed.StartAsync("asterfarm-partition-coordinator", Coordinators, Builders, cacheOf: "c3", Timings);
        var host = await bed.Farm.WaitForSchedulerHostAsync();
        var cut = hostOfScheduler ? host : Coordinators.First(c => c != host && c != "c3");
        Assert.True(cut != "c3", $"the scheduler is on {host}, expected the oldest coordinator (c1)");
        var majority = "c3";
        var first = NixDag.Instantiate(bed.Farm.Directory, "before-cut", width: 2, layers: 3, slowSeconds: 8);
        var slow = NixDerivations.Store.Print(first.Slow!.Value);
        var before = bed.Submit(first.Root, majority);
        await bed.AwaitStatusAsync(before, majority, s => s.Builds.Any(b => b.DrvPath == slow && b.State == "Running"), Patience, "the slow build running");
        var clock = Stopwatch.StartNew();

        bed.Network.Cut(cut);

        var exit = await bed.Farm.ProcessOf(cut).WaitForExitAsync(Patience);
        output.WriteLine($"{cut} (scheduler host: {host == cut}) exited {exit} {clock.Elapsed.TotalSeconds:F1} s after the cut");
        Assert.True(exit == NodeExitCode.RemovedFromCluster, $"{cut} should exit {NodeExitCode.RemovedFromCluster} once downed, not {exit}:\n{Tail(bed.Farm.ProcessOf(cut).Output)}");
        var successor = await bed.Farm.WaitForSchedulerHostAsync(observer: majority);
        Assert.NotEqual(cut, successor);
        var second = NixDag.Instantiate(bed.Farm.Directory, "after-cut", width: 2, layers: 2);
        var after = bed.Submit(second.Root, majority);
        var doneAfter = await bed.AwaitStatusAsync(after, majority, s => s.IsFinished, Patience, "the run submitted to the majority to finish");
        var doneBefore = await bed.AwaitStatusAsync(before, majority, s => s.IsFinished, Patience, "the run in flight at the cut to finish");
        output.WriteLine($"both runs ended {clock.Elapsed.TotalSeconds:F1} s after the cut; scheduler now on {successor}");
        Assert.True(doneAfter.State == "Succeeded", PartitionTestBed.Describe(doneAfter));
        Assert.True(doneBefore.State == "Succeeded", PartitionTestBed.Describe(doneBefore));

        bed.Network.Heal(cut);
        bed.Farm.Restart(cut);

        try
        {
            await bed.Farm.WaitUntilUpAsync(members: Coordinators.Length + Builders.Length, observer: cut);
        }
        catch (TimeoutException error)
        {
            throw new TimeoutException($"{error.Message}; {cut} after its restart:\n{Tail(bed.Farm.ProcessOf(cut).Output)}\n{majority}:\n{Tail(bed.Farm.ProcessOf(majority).Output)}", error);
        }

        var seenByHealed = await bed.AwaitStatusAsync(before, cut, s => s.IsFinished, Patience, "the healed coordinator to report the run");
        Assert.Equal("Succeeded", seenByHealed.State);
        var built = await bed.JournaledSuccessesAsync();
        Assert.All(first.Derivations.Concat(second.Derivations), drv => Assert.Equal(1, built.GetValueOrDefault(drv.ToString())));
        Assert.Equal(first.Derivations.Count + second.Derivations.Count, Done(doneBefore) + Done(doneAfter));
    }

    private static string Tail(string text) => string.Join('\n', text.Split('\n')[^40..]);

    private static int Done(RunStatusView status) => status.Systems.Sum(system => system.Done);
}

using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Partitions;

/// <summary>
/// Issue 6: a builder cut off the network mid-build. Its lease expires and the build is placed on the other builder;
/// after healing, the cut builder (which kept building) comes back with the build it still runs. The run completes
/// and every derivation is recorded built exactly once, whichever of the two builds ended first.
/// </summary>
public sealed class BuilderPartitionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Leases expire after 5 s of silence (3 s expired on this 2-core machine when the coordinator itself stalled);
    // the split-brain resolver waits a minute, far longer than the cut, so the cut builder stays a member (this
    // test is about leases, not membership).
    private static readonly Dictionary<string, string> Timings = new()
    {
        ["AsterFarm__Scheduler__HeartbeatInterval"] = "00:00:01",
        ["AsterFarm__Scheduler__LeaseTimeout"] = "00:00:05",
        ["AsterFarm__Scheduler__RetryBackoff"] = "00:00:00.5",
        ["AsterFarm__Cluster__StableAfter"] = "00:01:00",
    };

    [Fact]
    public async Task A_builder_cut_off_mid_build_loses_its_lease_to_another_builder_and_after_healing_each_derivation_is_built_once()
    {
        await using var bed = await PartitionTestBed.StartAsync("asterfarm-partition-builder", ["coordinator"], ["b1", "b2"], "coordinator", Timings);
        // The slow build outlasts the cut, the re-dispatch and the reconnection; the root runs after it, on whichever
        // builder is free then.
        var dag = NixDag.Instantiate(bed.Farm.Directory, "cut-builder", width: 1, layers: 1, slowSeconds: 20);
        var slow = NixDerivations.Store.Print(dag.Slow!.Value);
        var run = bed.Submit(dag.Root, "coordinator");
        var running = await bed.AwaitStatusAsync(
            run, "coordinator", s => s.Builds.Any(b => b.DrvPath == slow && b.State == "Running" && b.Node is not null), Patience, "the slow build running");
        var cut = running.Builds.Single(b => b.DrvPath == slow).Node!;
        var other = cut == "b1" ? "b2" : "b1";

        bed.Network.Cut(cut);
        await bed.AwaitStatusAsync(
            run, "coordinator", s => s.Builds.Any(b => b.DrvPath == slow && b.State == "Running" && b.Node == other), Patience, $"the slow build placed again on {other}");
        bed.Network.Heal(cut);

        var done = await bed.AwaitStatusAsync(run, "coordinator", s => s.IsFinished, TimeSpan.FromSeconds(90), "the run to finish");
        Assert.True(done.State == "Succeeded", PartitionTestBed.Describe(done));
        var attempts = done.Attempts ?? [];
        Assert.Contains(attempts, a => a.DrvPath == slow && a.Node == cut && a.Class == "Infrastructure");
        Assert.DoesNotContain(attempts, a => a.Class == "Refused");
        Assert.False(bed.Farm.ProcessOf(cut).HasExited, "the cut builder should have stayed up");
        var built = await bed.JournaledSuccessesAsync();
        Assert.All(dag.Derivations, drv => Assert.Equal(1, built.GetValueOrDefault(drv.ToString())));
    }
}

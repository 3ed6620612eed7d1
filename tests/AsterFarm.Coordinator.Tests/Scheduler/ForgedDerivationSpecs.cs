using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Runs;

namespace AsterFarm.Coordinator.Tests.Scheduler;

/// <summary>
/// Derivations are not trusted by name (issue 11, defect 2): before scheduling, each <c>.drv</c>'s bytes must hash to
/// its store path and its output paths must be the ones Nix computes; a run with a forgery is rejected, naming the
/// path and what differs (the loader finds the problems; that a run with problems is rejected and nothing of it is
/// dispatched is the ledger's decision, tested in <c>RunLedgerTests</c>).
/// </summary>
public sealed class ForgedDerivationSpecs : SchedulerSpecBase
{
    [Fact]
    public async Task A_run_whose_drv_bytes_do_not_hash_to_its_path_is_rejected()
    {
        var library = await Drvs.AddAsync("libreal-1.0");
        var forged = await Drvs.AddAsync("openssl-3.0", inputs: [library], upload: false);
        await Drvs.UploadForgeryAsync(forged, "/bin/evil");

        var dag = await Loader.LoadAsync([forged], CancellationToken.None);

        var problem = Assert.Single(dag.Problems);
        Assert.Contains(Drvs.StoreDir.Print(forged), problem, StringComparison.Ordinal);
        Assert.Contains("hash to", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_input_derivation_rejects_the_run_that_needs_it()
    {
        var forgedInput = await Drvs.AddAsync("zlib-1.3", upload: false);
        await Drvs.UploadForgeryAsync(forgedInput, "/bin/evil");
        var root = await Drvs.AddAsync("curl-8.0", inputs: [forgedInput]);

        var dag = await Loader.LoadAsync([root], CancellationToken.None);

        Assert.Contains(dag.Problems, p => p.Contains(Drvs.StoreDir.Print(forgedInput), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_whose_drv_states_an_output_path_Nix_does_not_compute_is_rejected()
    {
        var victim = await Drvs.AddAsync("bash-5.2");
        var lying = await Drvs.AddClaimingAsync("not-bash-5.2", Drvs.OutputOf(victim));

        var dag = await Loader.LoadAsync([lying], CancellationToken.None);

        var problem = Assert.Single(dag.Problems);
        Assert.Contains(Drvs.StoreDir.Print(lying), problem, StringComparison.Ordinal);
        Assert.Contains("output 'out'", problem, StringComparison.Ordinal);
        Assert.Contains(Drvs.StoreDir.Print(Drvs.OutputOf(victim)), problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_of_honest_derivations_above_cached_inputs_is_accepted()
    {
        var cached = await Drvs.AddAsync("glibc-2.40");
        await Drvs.PutOutputsAsync(cached);
        var root = await Drvs.AddAsync("hello-2.12", inputs: [cached]);
        var builder = RegisterBuilder("x86-1", ["x86_64-linux"]);

        var run = SubmitAccepted(root);

        Assert.Equal(root, builder.ExpectMsg<DispatchBuild>(Wait).DrvPath);
        Assert.Equal(RunState.Running, StatusOf(run).State);
    }
}

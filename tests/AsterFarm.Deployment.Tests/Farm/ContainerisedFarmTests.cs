using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Deployment.Tests.Images;
using AsterFarm.Deployment.Tests.Manifests;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Examples;
using AsterFarm.Integration.Tests.FaultTolerance;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;
using k8s.Models;
using Xunit.Abstractions;

namespace AsterFarm.Deployment.Tests.Farm;

/// <summary>
/// Issue 13, tests 2 and 3: the images run as the multi-arch overlay says (<see cref="ContainerFarm"/>). The sample
/// jobset is submitted from the host and the scheduler's coordinator is SIGKILLed mid-run: the run finishes, every
/// output has real Nix's NAR hash, every derivation succeeded once. Then a builder gets SIGTERM while it builds: its
/// build is handed back and finished on the other builder. Every probe of the manifests answers on its container, the
/// emulating builder's QEMU self-check passed, and nodes exit 0 on SIGTERM. One farm for all of it: it is the
/// expensive part of the CI run.
/// </summary>
[Collection(DeploymentImagesDefinition.Name)]
public sealed class ContainerisedFarmTests(DeploymentImages images, ITestOutputHelper output)
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task The_farm_of_the_manifests_survives_losing_the_scheduler_s_coordinator_and_a_builder_and_builds_what_nix_builds()
    {
        output.WriteLine($"scripts/build-images.sh: {images.BuildTime.TotalSeconds:F0} s\n{images.BuildLog}");
        using var secrets = new TempDirectory("asterfarm-deploy-secrets");
        var signingKeyFile = secrets.Combine("signing-key");
        AsterfarmCli.Succeed("key", "generate", "asterfarm-1", "--secret-key-file", signingKeyFile, "--public-key-file", secrets.Combine("public-key"));
        using var kustomize = new Kustomize(File.ReadAllText(signingKeyFile));
        var manifests = new RenderedManifests(kustomize.Render("overlays/multi-arch"));
        var tokenFile = secrets.Combine("token");
        File.WriteAllText(tokenFile, Kustomize.OperatorSecretFiles["secrets/token"]);
        var clock = Stopwatch.StartNew();
        await using var farm = await ContainerFarm.StartAsync(manifests);
        output.WriteLine($"farm up (3 coordinators, 2 builders, PostgreSQL) in {clock.Elapsed.TotalSeconds:F0} s");
        try
        {
            await EveryProbeAnswersAsync(farm);
            await TheEmulatingBuilderPassedItsQemuSelfCheckAsync(farm);
            var survivor = await SchedulerLossAsync(farm, tokenFile);
            await BuilderStoppedMidBuildAsync(farm, survivor, tokenFile);
            var stopping = Stopwatch.StartNew();
            Assert.Equal(0, await ContainerFarm.StopAsync(survivor));
            output.WriteLine($"docker stop {survivor.PodName}: exit 0 in {stopping.Elapsed.TotalSeconds:F1} s");
            output.WriteLine($"whole farm test: {clock.Elapsed.TotalSeconds:F0} s after the images were built");
        }
        catch
        {
            output.WriteLine(await farm.AllLogsAsync());
            throw;
        }
    }

    private static async Task EveryProbeAnswersAsync(ContainerFarm farm)
    {
        foreach (var node in farm.Coordinators.Concat(farm.Builders))
        {
            foreach (var probe in new[] { node.Spec.StartupProbe, node.Spec.LivenessProbe, node.Spec.ReadinessProbe }.OfType<V1Probe>())
            {
                using var response = await Http.GetAsync(new Uri(node.Url, probe.HttpGet.Path));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{node.PodName}: {probe.HttpGet.Path} answered {response.StatusCode}");
            }
        }
    }

    private static async Task TheEmulatingBuilderPassedItsQemuSelfCheckAsync(ContainerFarm farm)
    {
        var logs = await farm.Builders.Single(b => b.PodName == "builder-amd64-0").LogsAsync();
        Assert.Contains("QEMU self-check: riscv64-linux runs under /usr/bin/qemu-riscv64-static", logs, StringComparison.Ordinal);
        Assert.Contains("QEMU self-check: aarch64-linux runs under /usr/bin/qemu-aarch64-static", logs, StringComparison.Ordinal);
    }

    private async Task<FarmContainer> SchedulerLossAsync(ContainerFarm farm, string tokenFile)
    {
        var roots = SampleJobset.Instantiate();
        var run = Submit(farm.Coordinators, tokenFile, roots.Select(NixDerivations.Store.Print));
        var host = await farm.SchedulerHostAsync(farm.Coordinators[0]);
        var survivor = farm.Coordinators.First(c => c != host);
        var before = await StatusAsync(host, run);
        Assert.False(before?.IsFinished ?? false, $"the run ended before the kill: {before?.State}");
        var clock = Stopwatch.StartNew();

        ContainerFarm.Kill(host);

        var done = await AwaitFinishedAsync(survivor, run);
        output.WriteLine($"SIGKILLed {host.PodName} (scheduler host) mid-run; the run {done.State} {clock.Elapsed.TotalSeconds:F0} s later");
        Assert.Equal("Succeeded", done.State);
        var nixBuilt = ProcessRunner.Run("bash", [SampleJobset.BuildScript], timeout: TimeSpan.FromMinutes(5));
        Assert.True(nixBuilt.ExitCode == 0, $"build-with-nix.sh: {nixBuilt}");
        var outputs = nixBuilt.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith(NixDerivations.Store.Path + "/", StringComparison.Ordinal))
            .Select(line => NixDerivations.Store.Parse(line.Trim()))
            .ToList();
        Assert.Equal(roots.Count, outputs.Count);
        foreach (var path in outputs)
        {
            var nixHash = NixTool.Run("nix-store", "-q", "--hash", NixDerivations.Store.Print(path)).Trim();
            Assert.Contains($"NarHash: {nixHash}\n", await NarInfoAsync(survivor, path), StringComparison.Ordinal);
        }

        var successes = await JournalSuccesses.CountAsync(farm.PostgresConnectionString);
        Assert.All(SampleJobset.DerivationClosure(roots), drv => Assert.True(successes.GetValueOrDefault(drv.ToString()) == 1, $"{drv} succeeded {successes.GetValueOrDefault(drv.ToString())} times"));
        return survivor;
    }

    private async Task BuilderStoppedMidBuildAsync(ContainerFarm farm, FarmContainer coordinator, string tokenFile)
    {
        var nonce = Guid.NewGuid().ToString("N")[..12];
        var slow = NixDerivations.Instantiate(
            $$"""derivation { name = "deployment-slow-{{nonce}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "/bin/sleep 15; echo {{nonce}} > $out" ]; }""")[0];
        var run = Submit([coordinator], tokenFile, [NixDerivations.Store.Print(slow)]);
        var running = await Eventually.Until(() => StatusAsync(coordinator, run), s => s?.Builds.Any(b => b.State == "Running" && b.Node is not null) == true, RunTimeout, "the slow build running on a builder");
        var builder = farm.Builders.Single(b => b.PodName == running!.Builds.Single(build => build.State == "Running").Node);
        var clock = Stopwatch.StartNew();

        var exit = await ContainerFarm.StopAsync(builder);

        output.WriteLine($"docker stop {builder.PodName} mid-build: exit {exit} in {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, exit);
        var done = await AwaitFinishedAsync(coordinator, run);
        output.WriteLine($"the build finished elsewhere {clock.Elapsed.TotalSeconds:F0} s after the stop: {done.State}; attempts: {string.Join("; ", (done.Attempts ?? []).Select(a => a.ToString()))}");
        Assert.Equal("Succeeded", done.State);
        var outputPath = NixDerivations.NixOutputs([slow]).Single();
        Assert.Contains("NarHash: sha256:", await NarInfoAsync(coordinator, outputPath), StringComparison.Ordinal);
        var successes = await JournalSuccesses.CountAsync(farm.PostgresConnectionString);
        Assert.Equal(1, successes.GetValueOrDefault(slow.ToString()));
    }

    private static string Submit(IEnumerable<FarmContainer> coordinators, string tokenFile, IEnumerable<string> roots)
    {
        var flags = coordinators.SelectMany(c => new[] { "--coordinator", c.Url.ToString().TrimEnd('/') });
        var result = AsterfarmCli.Run(["submit", "--no-wait", "--json", .. roots, .. flags, "--token-file", tokenFile], stdin: null);
        Assert.True(result.ExitCode == 0, $"asterfarm submit: {result}\n{result.StdoutText}");
        using var json = JsonDocument.Parse(result.StdoutText);
        return json.RootElement.GetProperty("run").GetString()!;
    }

    private static async Task<RunStatusView?> StatusAsync(FarmContainer coordinator, string run)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(coordinator.Url, $"api/v1/runs/{run}"));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatusView>() : null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<RunStatusView> AwaitFinishedAsync(FarmContainer coordinator, string run) =>
        (await Eventually.Until(() => StatusAsync(coordinator, run), s => s?.IsFinished == true, RunTimeout, $"run {run} finished"))!;

    private static async Task<string> NarInfoAsync(FarmContainer coordinator, StorePath path)
    {
        using var response = await Http.GetAsync(new Uri(coordinator.Url, path.HashPart + ".narinfo"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} is not in the farm's cache: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}

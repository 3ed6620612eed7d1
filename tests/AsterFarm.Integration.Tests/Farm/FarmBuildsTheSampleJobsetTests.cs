using System.Globalization;
using System.Net;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Examples;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// Issue 5's proof: one coordinator and three builder processes on loopback (one native x86_64, two also offering
/// riscv64/aarch64 under QEMU) build the sample jobset, and every output has the NAR hash real <c>nix-build</c> gives.
/// </summary>
public sealed class FarmBuildsTheSampleJobsetTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly TempDirectory _directory = new("asterfarm-farm");
    private readonly List<ManagedProcess> _processes = [];
    private Uri _url = null!;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        var ports = FreePorts.Take(8);
        var seed = $"akka.tcp://asterfarm@127.0.0.1:{ports[0]}";
        _url = new Uri($"http://127.0.0.1:{ports[1]}/");
        _tokenFile = _directory.Combine("token");
        await File.WriteAllTextAsync(_tokenFile, "farm-test-token\n");
        _processes.Add(ManagedProcess.Start(
            "coordinator",
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "coordinator",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(ports[0]),
                "--seed", seed, "--http-host", "127.0.0.1", "--http-port", Port(ports[1]),
            ],
            new Dictionary<string, string>
            {
                ["AsterFarm__Cache__Directory"] = _directory.Combine("cache"),
                ["AsterFarm__Cache__TokenFile"] = _tokenFile,
            }));
        string[] nativeOnly = ["--emulated-system", "none"];
        string[] emulating = ["--emulated-system", "riscv64-linux", "--emulated-system", "aarch64-linux"];
        StartBuilder("native", ports[2], ports[3], seed, nativeOnly);
        StartBuilder("qemu-1", ports[4], ports[5], seed, emulating);
        StartBuilder("qemu-2", ports[6], ports[7], seed, emulating);
        await Eventually.Until(
            async () => await CountUpMembersAsync(),
            up => up == 4,
            StartTimeout,
            "the coordinator and three builders to be Up");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_farm_builds_the_sample_jobset_with_the_nar_hashes_nix_build_gives()
    {
        var roots = SampleJobset.Instantiate();

        var submit = AsterfarmCli.Run(
            ["submit", .. roots.Select(NixDerivations.Store.Print), "--coordinator", _url.ToString(), "--token-file", _tokenFile],
            stdin: null);
        var nixBuilt = ProcessRunner.Run("bash", [SampleJobset.BuildScript], timeout: TimeSpan.FromMinutes(5));

        Assert.True(submit.ExitCode == 0, $"asterfarm submit: {submit}\n{submit.StdoutText}");
        Assert.True(nixBuilt.ExitCode == 0, $"build-with-nix.sh: {nixBuilt}");
        var outputs = nixBuilt.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith(NixDerivations.Store.Path + "/", StringComparison.Ordinal))
            .Select(line => NixDerivations.Store.Parse(line.Trim()))
            .ToList();
        Assert.Equal(roots.Count, outputs.Count);
        foreach (var output in outputs)
        {
            var nixHash = NixTool.Run("nix-store", "-q", "--hash", NixDerivations.Store.Print(output)).Trim();
            using var response = await Http.GetAsync(new Uri(_url, output.HashPart + ".narinfo"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{output} is not in the farm's cache: {response.StatusCode}");
            var narInfo = await response.Content.ReadAsStringAsync();
            Assert.Contains($"NarHash: {nixHash}\n", narInfo, StringComparison.Ordinal);
        }
    }

    private void StartBuilder(string name, int port, int httpPort, string seed, string[] systems) =>
        _processes.Add(ManagedProcess.Start(
            name,
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm-builder.dll"), "node",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(port),
                "--seed", seed, "--http-host", "127.0.0.1", "--http-port", Port(httpPort),
                "--name", name, "--cache", _url.ToString(), "--token-file", _tokenFile, "--slots", "1",
                "--store-dir-local", _directory.Combine(name, "store"), "--work-dir", _directory.Combine(name, "work"),
                .. systems,
            ]));

    private async Task<int> CountUpMembersAsync()
    {
        try
        {
            var nodes = await Http.GetStringAsync(new Uri(_url, "api/v1/nodes"));
            return nodes.Split("\"status\":\"Up\"").Length - 1;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

using System.Net;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Examples;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// Issue 5's proof: one coordinator and three builder processes on loopback (one native x86_64, two also offering
/// riscv64/aarch64 under QEMU) build the sample jobset, and every output has the NAR hash real <c>nix-build</c> gives.
/// </summary>
public sealed class FarmBuildsTheSampleJobsetTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LocalFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = LocalFarm.Start("asterfarm-farm", maxBuilders: 3);
        string[] nativeOnly = ["--emulated-system", "none"];
        string[] emulating = ["--emulated-system", "riscv64-linux", "--emulated-system", "aarch64-linux"];
        _farm.StartBuilder("native", nativeOnly);
        _farm.StartBuilder("qemu-1", emulating);
        _farm.StartBuilder("qemu-2", emulating);
        await _farm.WaitUntilUpAsync(builders: 3);
    }

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task The_farm_builds_the_sample_jobset_with_the_nar_hashes_nix_build_gives()
    {
        var roots = SampleJobset.Instantiate();

        var submit = AsterfarmCli.Run(["submit", .. roots.Select(NixDerivations.Store.Print), .. _farm.CliFlags], stdin: null);
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
            using var response = await Http.GetAsync(new Uri(_farm.Url, output.HashPart + ".narinfo"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{output} is not in the farm's cache: {response.StatusCode}");
            var narInfo = await response.Content.ReadAsStringAsync();
            Assert.Contains($"NarHash: {nixHash}\n", narInfo, StringComparison.Ordinal);
        }
    }
}

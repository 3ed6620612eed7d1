using System.Text;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Examples;

/// <summary>
/// The sample jobset built by real <c>nix-build</c> through <c>build-with-nix.sh</c> (the emulated selftests in a
/// private namespace with its own binfmt registration): the reference a farm build of the sample is compared with.
/// </summary>
public sealed class SampleJobsetNixBuildTests
{
    [Fact]
    public void Nix_builds_three_passing_initramfs_images_and_a_rebuild_gives_identical_outputs()
    {
        var built = RunScript();
        var hashesBefore = NarHashes(built);

        // --check rebuilds every derivation and fails if an output differs from the first build.
        var rebuilt = RunScript("--check");

        Assert.Equal(built, rebuilt);
        Assert.Equal(hashesBefore, NarHashes(rebuilt));
        foreach (var arch in SampleJobset.Architectures)
        {
            var image = File.ReadAllBytes(Path.Combine(OutputOf(built, $"initramfs-{arch}"), "initramfs.cpio"));
            Assert.StartsWith("070701", Encoding.ASCII.GetString(image, 0, 6), StringComparison.Ordinal);
            Assert.Contains("TRAILER!!!", Encoding.ASCII.GetString(image[^512..]), StringComparison.Ordinal);
            var report = File.ReadAllText(OutputOf(built, $"selftest-{arch}"));
            Assert.Contains($"arch: {arch}", report, StringComparison.Ordinal);
            Assert.Contains($"kernel reports {arch}", report, StringComparison.Ordinal);
            Assert.Contains("result: PASS (6 of 6 checks passed)", report, StringComparison.Ordinal);
        }
    }

    private static string[] RunScript(params string[] arguments)
    {
        var result = ProcessRunner.Run(SampleJobset.BuildScript, arguments, timeout: TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, $"build-with-nix.sh {string.Join(' ', arguments)} failed ({NixTool.InstallHint}): {result.Stderr}");
        var outputs = result.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, outputs.Length);
        return outputs;
    }

    private static string OutputOf(IReadOnlyList<string> outputs, string attribute) =>
        outputs.Single(path => path.EndsWith("-asternixos-mini-" + attribute, StringComparison.Ordinal));

    private static string NarHashes(IReadOnlyList<string> outputs) =>
        NixTool.Run("nix-store", ["-q", "--hash", .. outputs]);
}

using System.Net;
using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Examples;

/// <summary>
/// Issue 16's proof on a farm of real processes (one coordinator, a native builder and two that also emulate
/// riscv64/aarch64): the coordinator evaluates the nightly sample jobset (examples/nightly, 100 jobs) with the local
/// Nix and builds it; after one source file changes and one job is made to fail, the diff of the two evaluations
/// names exactly the jobs downstream of that file as rebuilt and the failing job as newly failing.
/// </summary>
public sealed class NightlyJobsetTests : IAsyncLifetime
{
    // A schedule is part of the definition under test, but a slot firing mid-test would add an evaluation: once a year.
    private const string ScheduleThatCannotFireDuringTheTest = "0 2 1 1 *";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LocalFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = LocalFarm.Start("asterfarm-nightly", maxBuilders: 3);
        string[] emulating = ["--emulated-system", "riscv64-linux", "--emulated-system", "aarch64-linux"];
        _farm.StartBuilder("native", "--emulated-system", "none");
        _farm.StartBuilder("qemu-1", emulating);
        _farm.StartBuilder("qemu-2", emulating);
        await _farm.WaitUntilUpAsync(builders: 3);
    }

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task Diff_of_two_nightlies_names_exactly_the_jobs_downstream_of_a_changed_file_and_the_newly_failing_job()
    {
        var examples = CopyExamples();
        var release = Path.Combine(examples, "nightly", "release.nix");
        AsterfarmCli.Succeed(["jobset", "add", "nightly", release, "--schedule", ScheduleThatCannotFireDuringTheTest, "--time-zone", "Europe/Berlin", "--keep", "2", .. _farm.CliFlags]);

        var first = Evaluate(expectSuccess: true);
        Assert.Equal(100, first.GetProperty("jobs").GetArrayLength());

        File.AppendAllText(Path.Combine(examples, "nightly", "src", "lib", "str.c"), "/* changed for tonight's nightly */\n");
        AsterfarmCli.Succeed(["jobset", "add", "nightly", release, "--schedule", ScheduleThatCannotFireDuringTheTest, "--time-zone", "Europe/Berlin", "--keep", "2", "--arg", "fail=test-sort.aarch64-linux", .. _farm.CliFlags]);
        var second = Evaluate(expectSuccess: false);

        var diff = JsonDocument.Parse(AsterfarmCli.Succeed(["eval", "diff", "nightly", "--json", .. _farm.CliFlags])).RootElement;
        var changes = diff.GetProperty("diff");
        var drvs = Jobs(second);
        var strDrvs = drvs.Where(job => job.Key.StartsWith("lib-str.", StringComparison.Ordinal)).Select(job => job.Value).ToArray();
        Assert.Equal(3, strDrvs.Length);
        var downstream = NixTool.Run("nix-store", ["--query", "--referrers-closure", .. strDrvs]).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var expectedRebuilt = drvs.Where(job => downstream.Contains(job.Value)).Select(job => job.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(36, expectedRebuilt.Length); // str, fmt, hash, json: lib, prog and test, for three systems
        Assert.Equal(expectedRebuilt, Names(changes, "rebuilt"));
        var failing = Assert.Single(changes.GetProperty("newlyFailing").EnumerateArray());
        Assert.Equal(("test-sort.aarch64-linux", "Build"), (failing.GetProperty("attribute").GetString(), failing.GetProperty("failureClass").GetString()));
        Assert.Empty(Names(changes, "stillFailing"));
        Assert.Empty(Names(changes, "added"));
        Assert.Empty(Names(changes, "removed"));
        Assert.Equal(100 - 36 - 1, Names(changes, "unchangedCached").Length);
        Assert.StartsWith("nightly #2 vs #1: 1 newly failing, 0 fixed, 0 still failing, 36 rebuilt, 63 unchanged", diff.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The channel is the last evaluation whose jobs all succeeded: the first; its outputs are in the farm's cache.
        var channel = AsterfarmCli.Succeed(["jobset", "channel", "nightly", .. _farm.CliFlags]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(first.GetProperty("jobs").EnumerateArray().SelectMany(job => job.GetProperty("outputs").EnumerateArray()).Select(output => output.GetString()![(output.GetString()!.IndexOf('=', StringComparison.Ordinal) + 1)..]).Order(StringComparer.Ordinal), channel);
        foreach (var path in channel.Take(5))
        {
            using var narinfo = await Http.GetAsync(new Uri(_farm.Url, Path.GetFileName(path)[..32] + ".narinfo"));
            Assert.Equal(HttpStatusCode.OK, narinfo.StatusCode);
        }

        var list = AsterfarmCli.Succeed(["jobset", "list", .. _farm.CliFlags]);
        Assert.Contains("nightly", list, StringComparison.Ordinal);
        Assert.Contains("#2 Finished", list, StringComparison.Ordinal);
    }

    private JsonElement Evaluate(bool expectSuccess)
    {
        var result = AsterfarmCli.Run(["jobset", "eval", "nightly", "--wait", "--json", .. _farm.CliFlags], stdin: null);
        Assert.True(result.ExitCode == (expectSuccess ? 0 : 1), $"asterfarm jobset eval --wait: {result}\n{result.StdoutText}");
        return JsonDocument.Parse(result.StdoutText).RootElement.Clone();
    }

    private static Dictionary<string, string> Jobs(JsonElement evaluation) =>
        evaluation.GetProperty("jobs").EnumerateArray().ToDictionary(job => job.GetProperty("attribute").GetString()!, job => job.GetProperty("drvPath").GetString()!, StringComparer.Ordinal);

    private static string[] Names(JsonElement diff, string category) =>
        [.. diff.GetProperty(category).EnumerateArray().Select(entry => entry.GetProperty("attribute").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>examples/nightly and the asternixos-mini it imports, copied so that a source file can change.</summary>
    private string CopyExamples()
    {
        var target = _farm.Directory.Combine("examples");
        foreach (var example in new[] { "nightly", "asternixos-mini" })
        {
            var source = Path.Combine(Path.GetDirectoryName(SampleJobset.Directory)!, example);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var copy = Path.Combine(target, example, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
                File.Copy(file, copy);
            }
        }

        return target;
    }
}

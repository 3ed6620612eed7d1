using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>Issue 6: cancelling a run stops its builds on the builders and leaves no process behind.</summary>
public sealed class CancelRunTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private LocalFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = LocalFarm.Start("asterfarm-cancel", maxBuilders: 1);
        _farm.StartBuilder("native", "--emulated-system", "none");
        await _farm.WaitUntilUpAsync(builders: 1);
    }

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task Cancelling_a_run_kills_its_build_on_the_builder_leaving_no_process_or_temp_dir_and_the_builder_takes_new_work()
    {
        // The marker is only in the builder's environment, which every process of the build inherits. PATH is not
        // set in a build (as in Nix), hence absolute paths; two sleeps, so that a process tree is killed.
        var marker = "asterfarm-cancel-marker-" + Guid.NewGuid().ToString("N");
        var sleeper = Instantiate("sleeper", "echo started; /bin/sleep 600 & /bin/sleep 600; wait", marker);
        var run = AsterfarmCli.Succeed(["submit", NixDerivations.Store.Print(sleeper), "--no-wait", .. _farm.CliFlags]).Trim();
        await Eventually.Until(
            () => Task.FromResult((Processes: ProcessTable.WithCommandLineOrEnvironmentContaining(marker).Count, Status: Status(run))),
            seen => seen.Processes > 0 && seen.Status.Contains("\"Running\"", StringComparison.Ordinal),
            Patience,
            "the sleeping build to run on the builder");

        var cancelled = AsterfarmCli.Succeed(["cancel", run, "--json", .. _farm.CliFlags]);

        Assert.True(JsonDocument.Parse(cancelled).RootElement.GetProperty("state").GetString() == "Cancelled", cancelled);
        await Eventually.Until(
            () => Task.FromResult(string.Join(", ", ProcessTable.WithCommandLineOrEnvironmentContaining(marker))),
            pids => pids.Length == 0,
            Patience,
            "no process of the cancelled build (pids listed)");
        await Eventually.Until(
            () => Task.FromResult(string.Join(", ", BuildDirectoriesOf(sleeper))),
            left => left.Length == 0,
            Patience,
            "the cancelled build's work directory to be removed");
        var after = Instantiate("after", "echo done > $out", marker: null);
        var submit = AsterfarmCli.Run(["submit", NixDerivations.Store.Print(after), "--json", .. _farm.CliFlags]);
        Assert.True(submit.ExitCode == 0, $"the builder should take new work after the cancel: {submit}\n{submit.StdoutText}");
    }

    private string Status(string run) => AsterfarmCli.Succeed(["status", run, "--json", .. _farm.CliFlags]);

    private IEnumerable<string> BuildDirectoriesOf(StorePath drv)
    {
        var work = _farm.WorkDirectoryOf("native");
        return Directory.Exists(work) ? Directory.EnumerateDirectories(work, drv.HashPart + "-*") : [];
    }

    /// <summary>An x86_64 derivation running <paramref name="script"/> with <c>/bin/sh</c>, instantiated by real Nix; unique per call.</summary>
    private StorePath Instantiate(string label, string script, string? marker)
    {
        var unique = label + "-" + Guid.NewGuid().ToString("N")[..8];
        var dir = _farm.Directory.Combine(unique);
        Directory.CreateDirectory(dir);
        var extra = marker is null ? string.Empty : $"MARKER = \"{marker}\";";
        File.WriteAllText(Path.Combine(dir, "default.nix"), $$"""
            derivation { name = "{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "{{script}}" ]; {{extra}} }
            """);
        return NixDerivations.Store.Parse(NixTool.Run("nix-instantiate", [Path.Combine(dir, "default.nix")], dir).Trim());
    }
}

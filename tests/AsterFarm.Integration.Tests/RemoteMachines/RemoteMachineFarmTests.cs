using System.Net.Http.Json;
using System.Text.Json;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.RemoteMachines;

/// <summary>
/// A farm whose builder node has no local build capacity and a remote Nix machine from a machines file
/// (<c>asterfarm-builder node --machines</c>): the machine shows under the node, builds go to it, and when its sshd is
/// killed mid-build the machine shows down with the reason, the build is handed back to the scheduler, refused while
/// the machine is down, and completes on another node.
/// </summary>
public sealed class RemoteMachineFarmTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LocalFarm _farm = null!;
    private SshNixMachine _machine = null!;

    public async Task InitializeAsync()
    {
        _machine = await SshNixMachine.StartAsync();
        _farm = LocalFarm.Start("asterfarm-remote-farm", maxBuilders: 2);
        var machines = _farm.Directory.Combine("machines");
        await File.WriteAllTextAsync(machines, "# the remote Nix machine\n" + _machine.MachineLine() + "\n");
        _farm.StartBuilder("gateway", "--native-system", "none", "--emulated-system", "none", "--machines", machines);
        await _farm.WaitUntilUpAsync(builders: 1);
    }

    public async Task DisposeAsync()
    {
        await _farm.DisposeAsync();
        await _machine.DisposeAsync();
    }

    [Fact]
    public async Task The_machine_shows_under_its_node_and_a_build_it_loses_mid_build_completes_on_another_node()
    {
        var nodes = await Eventually.Until(
            () => Task.FromResult(AsterfarmCli.Succeed(["nodes", .. _farm.CliFlags])),
            text => text.Contains("remote:", StringComparison.Ordinal),
            Patience,
            "the gateway to register with its remote machine");
        Assert.Contains($"remote:   {_machine.Uri}  x86_64-linux, 1 jobs", nodes, StringComparison.Ordinal);
        Assert.Contains("            up, 0 of 1 jobs busy", nodes, StringComparison.Ordinal);

        var unique = Guid.NewGuid().ToString("N")[..12];
        var drvPath = NixDerivations.Instantiate($$"""
            derivation { name = "handback-{{unique}}"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo build started; /usr/bin/sleep 10; echo {{unique}} > $out" ]; }
            """).Single();
        var drv = NixDerivations.Store.Print(drvPath);
        var run = AsterfarmCli.Succeed(["submit", drv, "--no-wait", .. _farm.CliFlags]).Trim();
        // The remote Nix (a chroot store) builds in the host's /tmp: its build directory shows the builder running.
        await Eventually.Until(
            () => Task.FromResult(Directory.EnumerateDirectories("/tmp", $"nix-build-{drvPath.Name}-*").Count()),
            count => count > 0,
            Patience,
            "the build to start on the remote machine (its build directory in /tmp)");

        await _machine.KillAsync();
        // Nix killed mid-build cannot remove its build directory.
        foreach (var left in Directory.EnumerateDirectories("/tmp", $"nix-build-{drvPath.Name}-*"))
        {
            Directory.Delete(left, recursive: true);
        }

        // The gateway reports its machine down, with the reason, on its next heartbeat: under the node in the API and the CLI.
        var reason = await Eventually.Until(
            () => RemoteMachineAsync("gateway"),
            machine => machine is { } m && !m.GetProperty("up").GetBoolean(),
            Patience,
            "the API to show the gateway's machine down");
        Assert.Contains(_machine.Uri, reason!.Value.GetProperty("downReason").GetString(), StringComparison.Ordinal);
        Assert.Contains(
            $"remote:   {_machine.Uri}  x86_64-linux, 1 jobs, speed factor 1\n            down: {reason.Value.GetProperty("downReason").GetString()}\n",
            AsterfarmCli.Succeed(["nodes", .. _farm.CliFlags]).ReplaceLineEndings("\n"),
            StringComparison.Ordinal);

        // The gateway hands the build back and refuses it while its only machine is down: it waits for another node.
        _farm.StartBuilder("native", "--emulated-system", "none");

        var done = await Eventually.Until(() => StatusAsync(run), s => s is { IsFinished: true }, Patience, "the run to end");
        Assert.True(done!.State == "Succeeded", $"the run should succeed elsewhere: {done}");
        Assert.Contains($"Built {drvPath.BaseName} in ", _farm.ProcessOf("native").Output, StringComparison.Ordinal);
        var handedBack = Assert.Single(done.Attempts ?? [], a => a.Node == "gateway" && a.Class == "Infrastructure");
        Assert.Contains(_machine.Uri, handedBack.Reason, StringComparison.Ordinal);
        Assert.All(done.Attempts!.Where(a => a != handedBack), a => Assert.Equal(("gateway", "Refused"), (a.Node, a.Class)));
        var output = NixDerivations.NixOutputs([drvPath]).Single();
        var narInfo = await Http.GetStringAsync(new Uri(_farm.Url, output.HashPart + ".narinfo"));
        Assert.Contains("StorePath: " + NixDerivations.Store.Print(output), narInfo, StringComparison.Ordinal);
    }

    // The first remote machine of a builder in GET /api/v1/nodes (its "builder.remoteMachines[0]").
    private async Task<JsonElement?> RemoteMachineAsync(string builder)
    {
        using var nodes = JsonDocument.Parse(await Http.GetStringAsync(new Uri(_farm.Url, "api/v1/nodes")));
        foreach (var node in nodes.RootElement.EnumerateArray())
        {
            if (node.TryGetProperty("builder", out var view) && view.ValueKind == JsonValueKind.Object && view.GetProperty("name").GetString() == builder)
            {
                return view.GetProperty("remoteMachines")[0].Clone();
            }
        }

        return null;
    }

    private async Task<RunStatusView?> StatusAsync(string run)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(_farm.Url, $"api/v1/runs/{run}"));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatusView>() : null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }
}

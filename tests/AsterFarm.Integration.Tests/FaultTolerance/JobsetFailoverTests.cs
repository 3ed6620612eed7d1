using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>
/// Issue 16 on two coordinators sharing PostgreSQL: jobset definitions and evaluations survive the death of the
/// coordinator hosting the singletons, and the survivor evaluates the jobset again under the next number.
/// </summary>
public sealed class JobsetFailoverTests : IAsyncLifetime
{
    private TwoCoordinatorFarm _farm = null!;

    public async Task InitializeAsync() => _farm = await TwoCoordinatorFarm.StartAsync("asterfarm-jobset-failover", TimeSpan.FromSeconds(10));

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task Jobset_and_its_evaluations_survive_the_singletons_coordinator_being_killed_on_postgresql()
    {
        var expression = _farm.Farm.Directory.Combine("tiny.nix");
        await File.WriteAllTextAsync(expression, $$"""
            let job = name: derivation { inherit name; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "echo ${name} {{Guid.NewGuid():N}} > $out" ]; };
            in { a = job "a"; b.x86_64-linux = job "b"; broken = throw "broken on purpose"; }
            """);
        string[] flags = [.. _farm.Farm.CliFlagsForEveryCoordinator];
        AsterfarmCli.Succeed(["jobset", "add", "tiny", expression, "--keep", "1", .. flags]);
        var first = AsterfarmCli.Run(["jobset", "eval", "tiny", "--wait", "--json", .. flags], stdin: null);
        Assert.True(first.ExitCode == 1, $"the first evaluation has a failed job: {first}\n{first.StdoutText}");

        await _farm.Farm.KillAsync(_farm.SchedulerHost);
        var second = AsterfarmCli.Run(["jobset", "eval", "tiny", "--wait", "--json", .. flags], stdin: null);

        Assert.True(second.ExitCode == 1, $"the second evaluation: {second}\n{second.StdoutText}");
        using var record = JsonDocument.Parse(second.StdoutText);
        Assert.Equal(2, record.RootElement.GetProperty("number").GetInt32());
        using var shown = JsonDocument.Parse(AsterfarmCli.Succeed(["jobset", "show", "tiny", "--json", .. flags]));
        Assert.Equal([2, 1], shown.RootElement.GetProperty("evaluations").EnumerateArray().Select(evaluation => evaluation.GetProperty("number").GetInt32()));
        using var diff = JsonDocument.Parse(AsterfarmCli.Succeed(["eval", "diff", "tiny", "--json", .. flags]));
        var changes = diff.RootElement.GetProperty("diff");
        Assert.Equal(["a", "b.x86_64-linux"], changes.GetProperty("unchangedCached").EnumerateArray().Select(entry => entry.GetProperty("attribute").GetString()));
        var broken = Assert.Single(changes.GetProperty("stillFailing").EnumerateArray());
        Assert.Equal(("broken", "Evaluation", "error: broken on purpose"), (broken.GetProperty("attribute").GetString(), broken.GetProperty("failureClass").GetString(), broken.GetProperty("error").GetString()));
    }
}

using System.Text.Json;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.Processes;
using AsterFarm.Integration.Tests.RealNix;

namespace AsterFarm.Integration.Tests.Persistence;

/// <summary>
/// The scheduler's journal on a real database: a coordinator holding a run in progress is SIGKILLed and started again
/// on the same database (and the same cache); the run and each derivation's state are still there.
/// </summary>
public sealed class SchedulerRecoveryTests : IDisposable
{
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _directory = new("asterfarm-recovery");

    [Fact]
    public Task A_run_survives_a_killed_coordinator_restarted_on_the_same_sqlite_file() =>
        RunSurvivesRestartAsync("Sqlite", $"Data Source={_directory.Combine("scheduler.db")}");

    [Fact]
    public async Task A_run_survives_a_killed_coordinator_restarted_on_the_same_postgresql_database()
    {
        await using var postgres = await PostgresServer.StartAsync();
        await RunSurvivesRestartAsync("PostgreSql", postgres.ConnectionString);
    }

    public void Dispose() => _directory.Dispose();

    private async Task RunSurvivesRestartAsync(string provider, string connectionString)
    {
        var token = _directory.Combine("token");
        await File.WriteAllTextAsync(token, "recovery-test-token\n");
        var environment = new Dictionary<string, string>
        {
            ["AsterFarm__Cache__Directory"] = _directory.Combine("cache"),
            ["AsterFarm__Cache__TokenFile"] = token,
            ["AsterFarm__Persistence__Provider"] = provider,
            ["AsterFarm__Persistence__ConnectionString"] = connectionString,
        };
        var chain = NixChain.Instantiate(_directory, "recovery");

        string run;
        JsonElement before;
        await using (var first = await StartAsync("coordinator-1", environment))
        {
            run = AsterfarmCli.Succeed(
                "submit", NixDerivations.Store.Print(chain.Root), "--coordinator", first.Url.ToString(), "--token-file", token, "--no-wait").Trim();
            before = await StatusAsync(first.Url, run, "Running");
            // Disposing kills the process (SIGKILL): no graceful handover, the journal is all that is left.
        }

        await using var second = await StartAsync("coordinator-2", environment);
        var after = await StatusAsync(second.Url, run, "Running");

        Assert.Equal(before.GetProperty("systems").GetRawText(), after.GetProperty("systems").GetRawText());
        Assert.Equal(
            before.GetProperty("builds").EnumerateArray().Select(b => b.GetProperty("drvPath").GetString()).Order(),
            after.GetProperty("builds").EnumerateArray().Select(b => b.GetProperty("drvPath").GetString()).Order());
        var list = AsterfarmCli.Succeed("status", "--coordinator", second.Url.ToString(), "--json");
        Assert.Contains(run, list, StringComparison.Ordinal);
    }

    private static async Task<Coordinator> StartAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var ports = FreePorts.Take(2);
        var url = new Uri($"http://127.0.0.1:{ports[1]}/");
        var process = CoordinatorProcess.Start(name, ports[0], url, environment);
        var coordinator = new Coordinator(process, url);
        try
        {
            await CoordinatorProcess.WaitReadyAsync(url);
            return coordinator;
        }
        catch
        {
            await coordinator.DisposeAsync();
            throw;
        }
    }

    /// <summary>The run's status once it is in <paramref name="state"/> (the singleton may still be starting, recovering or loading).</summary>
    private static async Task<JsonElement> StatusAsync(Uri url, string run, string state)
    {
        var status = await Eventually.Until(
            () => Task.FromResult(AsterfarmCli.Run("status", run, "--coordinator", url.ToString(), "--json")),
            result => result.ExitCode == 0 && JsonDocument.Parse(result.StdoutText).RootElement.GetProperty("state").GetString() == state,
            StatusTimeout,
            $"run {run} to be {state} at {url}");
        return JsonDocument.Parse(status.StdoutText).RootElement;
    }

    private sealed record Coordinator(ManagedProcess Process, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}

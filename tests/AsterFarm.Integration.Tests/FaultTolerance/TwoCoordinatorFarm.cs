using System.Globalization;
using System.Net.Http.Json;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.Persistence;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>
/// Issue 6's farm: two coordinators on one PostgreSQL database (each with its own cache replica) and three native
/// builders of one slot. The builders use the cache of the coordinator that does not host the scheduler (the
/// "survivor"): a builder has one cache URL (in Kubernetes, a Service in front of every coordinator).
/// </summary>
internal sealed class TwoCoordinatorFarm : IAsyncDisposable
{
    public static readonly string[] Builders = ["builder-1", "builder-2", "builder-3"];
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    private TwoCoordinatorFarm(PostgresServer postgres, LocalFarm farm, string schedulerHost, string survivor)
    {
        Postgres = postgres;
        Farm = farm;
        SchedulerHost = schedulerHost;
        Survivor = survivor;
    }

    public PostgresServer Postgres { get; }

    public LocalFarm Farm { get; }

    /// <summary>The coordinator that hosted the scheduler singleton when the farm started.</summary>
    public string SchedulerHost { get; }

    /// <summary>The other coordinator.</summary>
    public string Survivor { get; }

    /// <param name="prefix">The temp directory's prefix.</param>
    /// <param name="leaseTimeout">How long a silent builder keeps its leases.</param>
    public static async Task<TwoCoordinatorFarm> StartAsync(string prefix, TimeSpan leaseTimeout)
    {
        var postgres = await PostgresServer.StartAsync();
        LocalFarm? farm = null;
        try
        {
            farm = LocalFarm.Start(
                prefix,
                [FarmNode.Coordinator("coordinator-1"), FarmNode.Coordinator("coordinator-2")],
                maxBuilders: Builders.Length,
                new Dictionary<string, string>
                {
                    ["AsterFarm__Persistence__Provider"] = "PostgreSql",
                    ["AsterFarm__Persistence__ConnectionString"] = postgres.ConnectionString,
                    // Every event stays in the journal, which the tests read to count accepted results.
                    ["AsterFarm__Persistence__SnapshotEvery"] = "1000000",
                    ["AsterFarm__Scheduler__LeaseTimeout"] = leaseTimeout.ToString("c", CultureInfo.InvariantCulture),
                    ["AsterFarm__Scheduler__HeartbeatInterval"] = "00:00:01",
                    // Two replicas: an upload is acknowledged by the coordinator that took it, so the cache keeps
                    // accepting outputs while the other coordinator is dead (with three coordinators W = 2 does).
                    ["AsterFarm__Cache__Replication__WriteQuorum"] = "1",
                    ["AsterFarm__Cache__Replication__AntiEntropyInterval"] = "00:00:05",
                });
            await farm.WaitUntilUpAsync(members: 2, observer: "coordinator-1");
            var host = await farm.WaitForSchedulerHostAsync();
            var survivor = farm.Coordinators.Single(name => name != host);
            foreach (var builder in Builders)
            {
                farm.StartBuilder(FarmNode.Builder(builder, "--emulated-system", "none", "--cache", farm.UrlOf(survivor).ToString()));
            }

            await farm.WaitUntilUpAsync(builders: Builders.Length);
            return new TwoCoordinatorFarm(postgres, farm, host, survivor);
        }
        catch
        {
            if (farm is not null)
            {
                await farm.DisposeAsync();
            }

            await postgres.DisposeAsync();
            throw;
        }
    }

    /// <summary>The run's status as <paramref name="coordinator"/> reports it; null while it cannot answer (e.g. the scheduler is moving).</summary>
    public async Task<RunStatusView?> StatusAsync(string run, string coordinator)
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(Farm.UrlOf(coordinator), $"api/v1/runs/{run}"));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatusView>() : null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Waits until <paramref name="holds"/> is true of the run's status at <paramref name="coordinator"/>.</summary>
    public async Task<RunStatusView> AwaitStatusAsync(string run, string coordinator, Func<RunStatusView, bool> holds, TimeSpan timeout, string expected) =>
        (await Eventually.Until(() => StatusAsync(run, coordinator), status => status is not null && holds(status), timeout, expected))!;

    /// <summary>How many times the builders (every life of each) logged having built <paramref name="drv"/> (a base name).</summary>
    public int BuildsLogged(string drv) =>
        Builders.Sum(builder => Farm.ProcessesOf(builder).Sum(process => Occurrences(process.Output, $"Built {drv} in ")));

    public async ValueTask DisposeAsync()
    {
        await Farm.DisposeAsync();
        await Postgres.DisposeAsync();
    }

    private static int Occurrences(string text, string part) => text.Split(part).Length - 1;
}

using System.Net.Http.Json;
using System.Text.Json;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Integration.Tests.Cli;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Farm;
using AsterFarm.Integration.Tests.FaultTolerance;
using AsterFarm.Integration.Tests.Network;
using AsterFarm.Integration.Tests.Persistence;
using AsterFarm.Integration.Tests.RealNix;
using AsterFarm.Shared.Store;

namespace AsterFarm.Integration.Tests.Partitions;

/// <summary>
/// A <see cref="LocalFarm"/> whose every node runs in its own network namespace (so any node can be cut off and
/// healed), with the scheduler's journal on a PostgreSQL server listening on the hub, which no cut reaches: the
/// journal is what the tests count builds in. Disposing stops the farm, the database and the namespaces, in that order.
/// </summary>
internal sealed class PartitionTestBed : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private PartitionTestBed(NetworkNamespaces network, PostgresServer database, LocalFarm farm)
    {
        Network = network;
        Database = database;
        Farm = farm;
    }

    public NetworkNamespaces Network { get; }

    public PostgresServer Database { get; }

    public LocalFarm Farm { get; }

    /// <summary>
    /// Starts <paramref name="coordinators"/> and <paramref name="builders"/> (one slot each, native only, their cache
    /// <paramref name="cacheOf"/>'s) in namespaces named after them, with <paramref name="environment"/> for every node.
    /// </summary>
    public static async Task<PartitionTestBed> StartAsync(
        string prefix, string[] coordinators, string[] builders, string cacheOf, IReadOnlyDictionary<string, string> environment)
    {
        var network = NetworkNamespaces.Create();
        PostgresServer? database = null;
        LocalFarm? farm = null;
        try
        {
            database = await PostgresServer.StartAsync(network.HubAddress, network.Subnet);
            var shared = new Dictionary<string, string>(environment)
            {
                ["AsterFarm__Persistence__Provider"] = "PostgreSql",
                ["AsterFarm__Persistence__ConnectionString"] = database.ConnectionStringFor(PostgresServer.Database, network.HubAddress),
                // Events are deleted after a snapshot; the tests count builds in the journal.
                ["AsterFarm__Persistence__SnapshotEvery"] = "1000000",
            };
            farm = LocalFarm.Start(prefix, [.. coordinators.Select(name => InNamespace(network, FarmNode.Coordinator(name)))], builders.Length, shared);
            var cache = farm.UrlOf(cacheOf).ToString();
            foreach (var builder in builders)
            {
                farm.StartBuilder(InNamespace(network, FarmNode.Builder(builder, "--emulated-system", "none", "--cache", cache)));
            }

            await farm.WaitUntilUpAsync(builders.Length);
            return new PartitionTestBed(network, database, farm);
        }
        catch
        {
            if (farm is not null)
            {
                await farm.DisposeAsync();
            }

            if (database is not null)
            {
                await database.DisposeAsync();
            }

            network.Dispose();
            throw;
        }
    }

    /// <summary>Submits <paramref name="root"/> through the coordinator <paramref name="through"/> without following it; the run id.</summary>
    public string Submit(StorePath root, string through) =>
        AsterfarmCli.Succeed(["submit", NixDerivations.Store.Print(root), "--no-wait", "--coordinator", Farm.UrlOf(through).ToString(), "--token-file", Farm.TokenFile]).Trim();

    /// <summary>The run as the coordinator <paramref name="through"/> reports it; null while it cannot answer.</summary>
    public async Task<RunStatusView?> StatusAsync(string run, string through)
    {
        using var response = await Http.GetAsync(new Uri(Farm.UrlOf(through), $"api/v1/runs/{run}"));
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<RunStatusView>(Json) : null;
    }

    /// <summary>Waits until the run, asked of <paramref name="through"/>, satisfies <paramref name="holds"/>.</summary>
    public async Task<RunStatusView> AwaitStatusAsync(string run, string through, Func<RunStatusView, bool> holds, TimeSpan timeout, string expected) =>
        (await Eventually.Until(
            async () => new Seen(await StatusOrNullAsync(run, through)),
            seen => seen.Status is not null && holds(seen.Status),
            timeout,
            $"run {run} at {through}: {expected}")).Status!;

    /// <summary>A run's state, builds and failed tries in one line, for failure messages.</summary>
    public static string Describe(RunStatusView? status) =>
        status is null
            ? "no answer"
            : $"{status.State}; builds: {string.Join(", ", status.Builds.Select(b => $"{b.DrvPath} {b.State} on {b.Node} ({b.Reason})"))}; "
              + $"attempts: {string.Join(", ", (status.Attempts ?? []).Select(a => $"{a.DrvPath} #{a.Attempt} on {a.Node} {a.Class}: {a.Reason}"))}";

    /// <summary>The successful builds the scheduler journaled, per derivation.</summary>
    public Task<IReadOnlyDictionary<string, int>> JournaledSuccessesAsync() => SchedulerJournal.SuccessesAsync(Database);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Farm.DisposeAsync();
            await Database.DisposeAsync();
        }
        finally
        {
            Network.Dispose();
        }
    }

    private static FarmNode InNamespace(NetworkNamespaces network, FarmNode node)
    {
        var ns = network.Add(node.Name);
        return node with { Address = ns.Address, LauncherPrefix = ns.LauncherPrefix };
    }

    private async Task<RunStatusView?> StatusOrNullAsync(string run, string through)
    {
        try
        {
            return await StatusAsync(run, through);
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    private sealed record Seen(RunStatusView? Status)
    {
        public override string ToString() => Describe(Status);
    }
}

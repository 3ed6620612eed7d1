using System.Globalization;
using System.Net.Http.Json;
using AsterFarm.Deployment.Tests.Images;
using AsterFarm.Deployment.Tests.Manifests;
using AsterFarm.Hosting;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Networks;
using k8s.Models;
using Npgsql;

namespace AsterFarm.Deployment.Tests.Farm;

/// <summary>
/// The multi-arch overlay as containers on one Docker network: PostgreSQL (alias <c>postgres</c>), the coordinator
/// StatefulSet's three pods (aliases = their pod DNS names, all started at once as <c>podManagementPolicy:
/// Parallel</c> does) and two pods of the amd64 builder pool, the second with emulation switched off as an operator
/// would patch a pool. Images, args, environment, ports, Secret files and privileges all come from the rendered
/// manifests (<see cref="PodEnvironment"/>, <see cref="ContainerSecurity"/>). Disposing removes every container and the network.
/// </summary>
internal sealed class ContainerFarm : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly INetwork _network;
    private readonly List<FarmContainer> _containers = [];
    private readonly string _prefix;

    private ContainerFarm(INetwork network, string prefix)
    {
        _network = network;
        _prefix = prefix;
    }

    public IReadOnlyList<FarmContainer> Coordinators => [.. _containers.Where(c => c.PodName.StartsWith("coordinator-", StringComparison.Ordinal))];

    public IReadOnlyList<FarmContainer> Builders => [.. _containers.Where(c => c.PodName.StartsWith("builder-", StringComparison.Ordinal))];

    public FarmContainer Postgres => _containers.Single(c => c.PodName == "postgres");

    /// <summary>The scheduler's database as the host reaches it.</summary>
    public string PostgresConnectionString => $"Host=127.0.0.1;Port={Postgres.Url.Port};Username=asterfarm;Database=asterfarm";

    public static async Task<ContainerFarm> StartAsync(RenderedManifests manifests)
    {
        var prefix = $"asterfarm-deploy-{Environment.ProcessId}";
        RemoveLeftovers(prefix);
        var network = new NetworkBuilder().WithName(prefix).Build();
        await network.CreateAsync();
        var farm = new ContainerFarm(network, prefix);
        try
        {
            await farm.StartPostgresAsync();
            var coordinators = manifests.Single<V1StatefulSet>("coordinator");
            var alias = (int i) => $"{coordinators.Metadata.Name}-{i}.{coordinators.Spec.ServiceName}";
            await Task.WhenAll(Enumerable.Range(0, coordinators.Spec.Replicas!.Value)
                .Select(i => farm.StartPodAsync(manifests, coordinators.Spec.Template.Spec, $"{coordinators.Metadata.Name}-{i}", alias(i), null)));
            await farm.AwaitClusterAsync(coordinators: coordinators.Spec.Replicas.Value, builders: 0);
            var pool = manifests.Single<V1Deployment>("builder-amd64");
            await Task.WhenAll(
                farm.StartPodAsync(manifests, pool.Spec.Template.Spec, "builder-amd64-0", "builder-amd64-0", null),
                farm.StartPodAsync(manifests, pool.Spec.Template.Spec, "builder-amd64-1", "builder-amd64-1",
                    new Dictionary<string, string> { ["AsterFarm__Builder__EmulatedSystems__0"] = "none", ["AsterFarm__Builder__EmulatedSystems__1"] = "none" }));
            await farm.AwaitClusterAsync(coordinators: coordinators.Spec.Replicas.Value, builders: 2);
            return farm;
        }
        catch (Exception e)
        {
            var logs = await farm.AllLogsAsync();
            await farm.DisposeAsync();
            throw new InvalidOperationException($"the containerised farm did not start: {e.Message}\n{logs}", e);
        }
    }

    /// <summary>The coordinator hosting the scheduler singleton, as the cluster reports it.</summary>
    public async Task<FarmContainer> SchedulerHostAsync(FarmContainer observer)
    {
        var nodes = await Eventually.Until(() => NodesAsync(observer), n => n?.Any(node => node.SchedulerHost) == true, StartTimeout, "a scheduler host");
        var address = nodes!.Single(node => node.SchedulerHost).Address;
        return Coordinators.Single(c => address.Contains($"@{c.Alias}:", StringComparison.Ordinal));
    }

    /// <summary>SIGKILL, as a machine loss would (no CoordinatedShutdown).</summary>
    public static void Kill(FarmContainer container) => RunDocker("kill", "--signal", "KILL", container.DockerName);

    /// <summary><c>docker stop</c>: SIGTERM, then SIGKILL after the pod's grace period; returns the exit code.</summary>
    public static async Task<long> StopAsync(FarmContainer container)
    {
        RunDocker("stop", container.DockerName);
        return await container.Container.GetExitCodeAsync();
    }

    public async Task<string> AllLogsAsync()
    {
        var parts = new List<string>();
        foreach (var container in _containers)
        {
            try
            {
                var logs = await container.LogsAsync();
                parts.Add($"--- {container.PodName} (last lines)\n{string.Join('\n', logs.Split('\n').TakeLast(40))}");
            }
            catch (Exception e) when (e is InvalidOperationException or Docker.DotNet.DockerApiException)
            {
                parts.Add($"--- {container.PodName}: no logs ({e.Message})");
            }
        }

        return string.Join('\n', parts);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var container in _containers)
        {
            await container.Container.DisposeAsync();
        }

        await _network.DeleteAsync();
    }

    private static void RunDocker(params string[] arguments)
    {
        var result = ProcessRunner.Run("docker", arguments, timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', arguments)}: {result}");
    }

    // A run killed before its disposal (a cancelled CI job) leaves containers named after its process id.
    private static void RemoveLeftovers(string prefix)
    {
        var names = ProcessRunner.Run("docker", ["ps", "-aq", "--filter", $"name={prefix}-"]).StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (names.Length > 0)
        {
            ProcessRunner.Run("docker", ["rm", "-f", .. names]);
        }

        ProcessRunner.Run("docker", ["network", "rm", prefix]);
    }

    private async Task StartPostgresAsync()
    {
        const int port = 5432;
        var container = new ContainerBuilder()
            .WithImage($"asterfarm-postgres:{DeploymentImages.Tag}")
            .WithImagePullPolicy(_ => false)
            .WithName($"{_prefix}-postgres")
            .WithNetwork(_network)
            .WithNetworkAliases("postgres")
            .WithPortBinding(port, assignRandomHostPort: true)
            .Build();
        await container.StartAsync();
        _containers.Add(new FarmContainer("postgres", "postgres", new V1Container { Name = "postgres" }, container, port));
        await Eventually.Until(async () => await CanConnectAsync(), ok => ok, StartTimeout, "PostgreSQL to accept connections");
    }

    private async Task<bool> CanConnectAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(PostgresConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException)
        {
            return false;
        }
    }

    private async Task StartPodAsync(RenderedManifests manifests, V1PodSpec pod, string podName, string alias, IReadOnlyDictionary<string, string>? overrides)
    {
        var spec = pod.Containers.Single();
        var env = PodEnvironment.For(manifests, spec, podName, alias).ToDictionary();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var httpPort = int.Parse(env["AsterFarm__Http__Port"], CultureInfo.InvariantCulture);
        Assert.Contains(spec.Ports, p => p.ContainerPort == httpPort);
        var builder = new ContainerBuilder()
            .WithImage(DeploymentImages.LocalImage(spec.Image))
            .WithImagePullPolicy(_ => false)
            .WithName($"{_prefix}-{podName}")
            .WithHostname(podName)
            .WithNetwork(_network)
            .WithNetworkAliases(alias)
            .WithEnvironment(env)
            .WithCommand([.. spec.Args ?? []])
            .WithPortBinding(httpPort, assignRandomHostPort: true)
            .WithCreateParameterModifier(parameters => ContainerSecurity.Apply(parameters, pod, spec));
        foreach (var (path, content) in PodEnvironment.SecretFiles(manifests, pod, spec))
        {
            builder = builder.WithResourceMapping(content, path, UnixFileModes.UserRead | UnixFileModes.GroupRead | UnixFileModes.OtherRead);
        }

        var container = builder.Build();
        await container.StartAsync();
        lock (_containers)
        {
            _containers.Add(new FarmContainer(podName, alias, spec, container, httpPort));
        }
    }

    // A loaded machine answers slowly: a request that times out is "not yet", like one that is refused.
    private static async Task<ClusterNodeView[]?> NodesAsync(FarmContainer coordinator)
    {
        try
        {
            return await Http.GetFromJsonAsync<ClusterNodeView[]>(new Uri(coordinator.Url, "api/v1/nodes"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> AnswersAsync(Uri uri)
    {
        try
        {
            using var response = await Http.GetAsync(uri);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task AwaitClusterAsync(int coordinators, int builders)
    {
        foreach (var node in Coordinators.Concat(Builders))
        {
            await Eventually.Until(() => AnswersAsync(new Uri(node.Url, node.Spec.ReadinessProbe.HttpGet.Path)), ready => ready, StartTimeout, $"{node.PodName} ready");
        }

        await Eventually.Until(
            () => NodesAsync(Coordinators[0]),
            nodes => nodes?.Count(n => n.Status == "Up" && n.Roles.Contains(AsterFarmRoles.Coordinator)) == coordinators && nodes.Count(n => n.Status == "Up" && n.Roles.Contains(AsterFarmRoles.Builder)) == builders,
            StartTimeout,
            $"{coordinators} coordinators and {builders} builders Up");
    }
}

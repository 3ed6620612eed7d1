using System.Net.Http.Json;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// A farm of real processes: one or more coordinators (each a seed of the others, each with its own cache directory,
/// the caches replicating through the cluster; HTTP API and cache with a write token) and up to
/// <c>maxBuilders</c> builder nodes of one slot each, started with <see cref="StartBuilder(FarmNode)"/>. A node can be
/// SIGKILLed (<see cref="KillAsync"/>) and started again on the same ports and directories (<see cref="Restart"/>).
/// Disposing stops them all. Every port is chosen at once, so that none is handed out twice.
/// </summary>
internal sealed class LocalFarm : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<ManagedProcess> _processes = [];
    private readonly Dictionary<string, LocalFarmNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<LocalFarmNode> _coordinators;
    private readonly Queue<int> _builderPorts;
    private readonly IReadOnlyDictionary<string, string> _environment;

    private LocalFarm(string prefix, IReadOnlyList<FarmNode> coordinators, int maxBuilders, IReadOnlyDictionary<string, string> environment)
    {
        if (coordinators.Count == 0 || coordinators.Any(node => !node.IsCoordinator))
        {
            throw new ArgumentException("a farm needs at least one node, all of role coordinator", nameof(coordinators));
        }

        Directory = new TempDirectory(prefix);
        var ports = FreePorts.Take((2 * coordinators.Count) + (2 * maxBuilders));
        _builderPorts = new Queue<int>(ports[(2 * coordinators.Count)..]);
        _coordinators = [.. coordinators.Select((node, i) => new LocalFarmNode(node, ports[2 * i], ports[(2 * i) + 1]))];
        TokenFile = Directory.Combine("token");
        File.WriteAllText(TokenFile, "farm-test-token\n");
        _environment = environment;
        foreach (var coordinator in _coordinators)
        {
            _nodes.Add(coordinator.Node.Name, coordinator);
            Launch(coordinator);
        }
    }

    public TempDirectory Directory { get; }

    /// <summary>The first coordinator's HTTP URL (API and cache).</summary>
    public Uri Url => _coordinators[0].Http;

    public string TokenFile { get; }

    /// <summary>The coordinators' names, in seed order.</summary>
    public IReadOnlyList<string> Coordinators => [.. _coordinators.Select(c => c.Node.Name)];

    /// <summary>The flags that point the <c>asterfarm</c> CLI at this farm's first coordinator.</summary>
    public string[] CliFlags => ["--coordinator", Url.ToString(), "--token-file", TokenFile];

    /// <summary>The flags that point the <c>asterfarm</c> CLI at every coordinator (it fails over between them).</summary>
    public string[] CliFlagsForEveryCoordinator =>
        [.. _coordinators.SelectMany(c => new[] { "--coordinator", c.Http.ToString() }), "--token-file", TokenFile];

    /// <summary>Starts the coordinator of a farm that will have at most <paramref name="maxBuilders"/> builders.</summary>
    public static LocalFarm Start(string prefix, int maxBuilders) => Start(prefix, [FarmNode.Coordinator("coordinator")], maxBuilders);

    /// <summary>
    /// Starts <paramref name="coordinators"/> (seeds of each other, in this order) for a farm of at most
    /// <paramref name="maxBuilders"/> builders; <paramref name="environment"/> is given to every node (e.g.
    /// <c>AsterFarm__Persistence__*</c>, <c>AsterFarm__Scheduler__LeaseTimeout</c>).
    /// </summary>
    public static LocalFarm Start(
        string prefix, IReadOnlyList<FarmNode> coordinators, int maxBuilders, IReadOnlyDictionary<string, string>? environment = null) =>
        new(prefix, coordinators, maxBuilders, environment ?? new Dictionary<string, string>());

    /// <summary>Starts a builder node named <paramref name="name"/> with one slot; <paramref name="flags"/> are added to its command line.</summary>
    public ManagedProcess StartBuilder(string name, params string[] flags) => StartBuilder(FarmNode.Builder(name, flags));

    /// <summary>Starts the builder <paramref name="node"/> with one slot, its cache the first coordinator's unless its flags say otherwise.</summary>
    public ManagedProcess StartBuilder(FarmNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.IsCoordinator || _builderPorts.Count < 2)
        {
            throw new InvalidOperationException(node.IsCoordinator ? "coordinators start with the farm" : "more builders than the farm was made for");
        }

        var builder = new LocalFarmNode(node, _builderPorts.Dequeue(), _builderPorts.Dequeue());
        _nodes.Add(node.Name, builder);
        return Launch(builder);
    }

    /// <summary>The HTTP URL (API and cache) of the coordinator <paramref name="name"/>.</summary>
    public Uri UrlOf(string name) => NodeNamed(name).Http;

    /// <summary>The Akka address of the node <paramref name="name"/>.</summary>
    public string AddressOf(string name) => NodeNamed(name).AkkaAddress;

    /// <summary>The running (or last) process of the node <paramref name="name"/>.</summary>
    public ManagedProcess ProcessOf(string name) => NodeNamed(name).Process ?? throw new InvalidOperationException($"{name} never started");

    /// <summary>Every process the node <paramref name="name"/> ran as (one per start), oldest first.</summary>
    public IReadOnlyList<ManagedProcess> ProcessesOf(string name) => NodeNamed(name).Lives;

    /// <summary>Where the builder <paramref name="name"/> keeps its builds' temporary directories.</summary>
    public string WorkDirectoryOf(string name) => Directory.Combine(name, "work");

    /// <summary>SIGKILLs the node <paramref name="name"/> (its process tree, as a machine failure would) and waits for it to be gone.</summary>
    public async Task KillAsync(string name)
    {
        await ProcessOf(name).KillAsync();
    }

    /// <summary>Starts the node <paramref name="name"/> again (after <see cref="KillAsync"/> or its exit) with the same ports and directories.</summary>
    public ManagedProcess Restart(string name)
    {
        var node = NodeNamed(name);
        if (node.Process is { HasExited: false })
        {
            throw new InvalidOperationException($"{name} is still running");
        }

        return Launch(node);
    }

    /// <summary>Waits until every coordinator and <paramref name="builders"/> builders are Up members of the cluster (as the first coordinator sees it).</summary>
    public Task WaitUntilUpAsync(int builders) => WaitUntilUpAsync(_coordinators.Count + builders, _coordinators[0].Node.Name);

    /// <summary>Waits until the coordinator <paramref name="observer"/> sees <paramref name="members"/> Up members.</summary>
    public Task WaitUntilUpAsync(int members, string observer) =>
        Eventually.Until(
            () => CountUpMembersAsync(UrlOf(observer)), up => up == members, StartTimeout, $"{members} Up members as {observer} sees them");

    /// <summary>
    /// The name of the coordinator hosting the scheduler singleton, asked of <paramref name="observer"/> (default: any
    /// coordinator that answers); null while none is Up or the answer names no node of this farm.
    /// </summary>
    public async Task<string?> SchedulerHostAsync(string? observer = null)
    {
        foreach (var coordinator in observer is null ? _coordinators : [NodeNamed(observer)])
        {
            if (coordinator.Process is not { HasExited: false })
            {
                continue;
            }

            try
            {
                var nodes = await Http.GetFromJsonAsync<List<ClusterNodeView>>(new Uri(coordinator.Http, "api/v1/nodes"));
                var host = nodes?.FirstOrDefault(node => node.SchedulerHost)?.Address;
                return _nodes.Values.FirstOrDefault(node => node.AkkaAddress == host)?.Node.Name;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                // Try the next coordinator.
            }
        }

        return null;
    }

    /// <summary>Waits until a coordinator names the scheduler's host (the singleton's node is Up) and returns it.</summary>
    public async Task<string> WaitForSchedulerHostAsync(string? observer = null) =>
        (await Eventually.Until(() => SchedulerHostAsync(observer), host => host is not null, StartTimeout, "a coordinator hosting the scheduler"))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Dispose();
    }

    private LocalFarmNode NodeNamed(string name) =>
        _nodes.TryGetValue(name, out var node) ? node : throw new ArgumentException($"no node {name} in this farm", nameof(name));

    /// <summary>
    /// The coordinators in seed order. A coordinator started again lists itself last: Akka lets the first seed form a
    /// new cluster on its own when the others do not answer within the seed-node timeout (a loaded machine, a link
    /// just healed), and a restarted node must join the cluster that went on without it, never start an island.
    /// </summary>
    private IEnumerable<string> SeedsFor(LocalFarmNode farmNode) =>
        farmNode.Lives.Count == 0
            ? _coordinators.Select(c => c.AkkaAddress)
            : _coordinators.Where(c => c != farmNode).Append(farmNode).Where(c => c.Node.IsCoordinator).Select(c => c.AkkaAddress);

    private ManagedProcess Launch(LocalFarmNode farmNode)
    {
        var node = farmNode.Node;
        string[] arguments = node.IsCoordinator
            ? [.. node.Flags]
            :
            [
                "--name", node.Name, "--token-file", TokenFile, "--slots", "1",
                "--store-dir-local", Directory.Combine(node.Name, "store"), "--work-dir", WorkDirectoryOf(node.Name),
                .. node.Flags.Contains("--cache") ? Array.Empty<string>() : ["--cache", Url.ToString()],
                .. node.Flags,
            ];
        var environment = new Dictionary<string, string>(_environment);
        if (node.IsCoordinator)
        {
            environment["AsterFarm__Cache__Directory"] = Directory.Combine(node.Name, "cache");
            environment["AsterFarm__Cache__TokenFile"] = TokenFile;
        }

        foreach (var (key, value) in node.Environment)
        {
            environment[key] = value;
        }

        var process = (farmNode.Launcher with { Seeds = [.. SeedsFor(farmNode)], ExtraArguments = arguments, Environment = environment }).Start(node.Name);
        _processes.Add(process);
        farmNode.Lives.Add(process);
        return process;
    }

    private static async Task<int> CountUpMembersAsync(Uri url)
    {
        try
        {
            var nodes = await Http.GetStringAsync(new Uri(url, "api/v1/nodes"));
            return nodes.Split("\"status\":\"Up\"").Length - 1;
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}

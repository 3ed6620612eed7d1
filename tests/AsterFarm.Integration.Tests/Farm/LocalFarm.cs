using System.Globalization;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Farm;

/// <summary>
/// A farm of real processes on loopback: one coordinator (cluster seed, HTTP API and cache, with a write token) and
/// up to <c>maxBuilders</c> builder nodes of one slot each, started with <see cref="StartBuilder"/>. Disposing stops
/// them all. Every port is chosen at once, so that none is handed out twice.
/// </summary>
internal sealed class LocalFarm : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<ManagedProcess> _processes = [];
    private readonly string _seed;
    private readonly Queue<int> _builderPorts;
    private int _moreCoordinators;

    private LocalFarm(string prefix, int maxBuilders)
    {
        Directory = new TempDirectory(prefix);
        var ports = FreePorts.Take(2 + (2 * maxBuilders));
        _builderPorts = new Queue<int>(ports[2..]);
        _seed = $"akka.tcp://asterfarm@127.0.0.1:{ports[0]}";
        Url = new Uri($"http://127.0.0.1:{ports[1]}/");
        TokenFile = Directory.Combine("token");
        File.WriteAllText(TokenFile, "farm-test-token\n");
        _processes.Add(ManagedProcess.Start(
            "coordinator",
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "coordinator",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(ports[0]),
                "--seed", _seed, "--http-host", "127.0.0.1", "--http-port", Port(ports[1]),
            ],
            new Dictionary<string, string>
            {
                ["AsterFarm__Cache__Directory"] = Directory.Combine("cache"),
                ["AsterFarm__Cache__TokenFile"] = TokenFile,
            }));
    }

    public TempDirectory Directory { get; }

    /// <summary>The coordinator's HTTP URL (API and cache).</summary>
    public Uri Url { get; }

    public string TokenFile { get; }

    /// <summary>The flags that point the <c>asterfarm</c> CLI at this farm.</summary>
    public string[] CliFlags => ["--coordinator", Url.ToString(), "--token-file", TokenFile];

    /// <summary>Starts the coordinator of a farm that will have at most <paramref name="maxBuilders"/> builders.</summary>
    public static LocalFarm Start(string prefix, int maxBuilders) => new(prefix, maxBuilders);

    /// <summary>Starts a builder node named <paramref name="name"/> with one slot; <paramref name="flags"/> are added to its command line.</summary>
    public ManagedProcess StartBuilder(string name, params string[] flags) => StartBuilderWithCaches(name, [Url], flags);

    /// <summary>
    /// Starts another coordinator in the farm's cluster (a cache replica over its own directory; the scheduler stays
    /// on the first, the oldest). It uses two of the ports reserved for builders. Returns it and its HTTP (cache) URL.
    /// </summary>
    public (ManagedProcess Process, Uri Url, string CacheDirectory) StartCoordinator(string name)
    {
        if (_builderPorts.Count < 2)
        {
            throw new InvalidOperationException("more nodes than the farm was made for");
        }

        int[] ports = [_builderPorts.Dequeue(), _builderPorts.Dequeue()];
        var cache = Directory.Combine(name, "cache");
        var coordinator = ManagedProcess.Start(
            name,
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm.dll"), "coordinator",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(ports[0]),
                "--seed", _seed, "--http-host", "127.0.0.1", "--http-port", Port(ports[1]),
            ],
            new Dictionary<string, string> { ["AsterFarm__Cache__Directory"] = cache, ["AsterFarm__Cache__TokenFile"] = TokenFile });
        _processes.Add(coordinator);
        _moreCoordinators++;
        return (coordinator, new Uri($"http://127.0.0.1:{ports[1]}/"), cache);
    }

    /// <summary>Starts a builder node with one slot using the cache replicas <paramref name="caches"/>, preferred first.</summary>
    public ManagedProcess StartBuilderWithCaches(string name, IReadOnlyList<Uri> caches, params string[] flags)
    {
        if (_builderPorts.Count < 2)
        {
            throw new InvalidOperationException("more builders than the farm was made for");
        }

        int[] ports = [_builderPorts.Dequeue(), _builderPorts.Dequeue()];
        var builder = ManagedProcess.Start(
            name,
            "dotnet",
            [
                Path.Combine(AppContext.BaseDirectory, "asterfarm-builder.dll"), "node",
                "--hostname", "127.0.0.1", "--public-hostname", "127.0.0.1", "--port", Port(ports[0]),
                "--seed", _seed, "--http-host", "127.0.0.1", "--http-port", Port(ports[1]),
                "--name", name, .. caches.SelectMany(c => new[] { "--cache", c.ToString() }), "--token-file", TokenFile, "--slots", "1",
                "--store-dir-local", Directory.Combine(name, "store"), "--work-dir", WorkDirectoryOf(name),
                .. flags,
            ]);
        _processes.Add(builder);
        return builder;
    }

    /// <summary>Where the builder <paramref name="name"/> keeps its builds' temporary directories.</summary>
    public string WorkDirectoryOf(string name) => Directory.Combine(name, "work");

    /// <summary>Waits until the coordinators and <paramref name="builders"/> builders are Up members of the cluster.</summary>
    public Task WaitUntilUpAsync(int builders) =>
        Eventually.Until(CountUpMembersAsync, up => up == builders + 1 + _moreCoordinators, StartTimeout, $"the coordinators and {builders} builders to be Up");

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Dispose();
    }

    private async Task<int> CountUpMembersAsync()
    {
        try
        {
            var nodes = await Http.GetStringAsync(new Uri(Url, "api/v1/nodes"));
            return nodes.Split("\"status\":\"Up\"").Length - 1;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}

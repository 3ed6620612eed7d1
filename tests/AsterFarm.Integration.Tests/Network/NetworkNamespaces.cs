using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Network;

/// <summary>
/// Network namespaces for one test: a hub bridge in the root namespace and, per node, a namespace joined to it by a
/// veth pair, so that a node can be cut off (<see cref="Cut"/>) and healed (<see cref="Heal"/>) while its processes
/// keep running. Everything is named after this run (<see cref="RunId"/>, with the test process's PID) so parallel
/// and leftover runs never clash; disposing kills what still runs inside and deletes namespaces and links even after a
/// failed test, and starting a run first sweeps what dead runs left behind.
/// </summary>
/// <remarks>
/// Addresses: one private /24 per run (172.31.N.0/24, N from 200–254, one no interface or route of this machine uses
/// yet); the bridge holds .1, the namespaces .2 upwards. Loopback addresses are not used on purpose: 127.0.0.0/8 is
/// routed to <c>lo</c> inside every namespace (its local route), so another namespace's 127.x address would never
/// leave the sender, and on a veth it is a martian unless <c>route_localnet</c> is enabled. These addresses never
/// leave the machine either: the bridge has no physical port, the namespaces have no default route, and the root
/// namespace gains only the connected route of the bridge. The bridge is in the root namespace so that the test
/// process (HTTP clients) and servers it starts there (PostgreSQL, listening on <see cref="HubAddress"/>) reach every
/// node without entering a namespace; cutting a node takes its hub-side veth down, which cuts it from everything,
/// the test process included, without netfilter rules.
/// </remarks>
internal sealed partial class NetworkNamespaces : IDisposable
{
    private const string NamespacePrefix = "afns-";
    private const string LinkAlias = "asterfarm-test pid=";
    private readonly List<NetworkNamespace> _namespaces = [];
    private readonly string _subnet;
    private bool _disposed;

    private NetworkNamespaces(string runId, string subnet)
    {
        RunId = runId;
        _subnet = subnet;
        Bridge = $"af{runId}br";
    }

    /// <summary>Six hex digits naming this run's links (interface names are limited to 15 characters).</summary>
    public string RunId { get; }

    /// <summary>The hub bridge in the root namespace.</summary>
    public string Bridge { get; }

    /// <summary>The hub's network in CIDR notation (e.g. to let the namespaces' clients into a server).</summary>
    public string Subnet => $"{_subnet}.0/24";

    /// <summary>The bridge's address: how the namespaces reach the root namespace (e.g. PostgreSQL listening there).</summary>
    public string HubAddress => $"{_subnet}.1";

    public IReadOnlyList<NetworkNamespace> Namespaces => _namespaces;

    /// <summary>Sweeps leftovers of dead runs, then creates the hub; fails with a clear message when namespaces are not permitted.</summary>
    public static NetworkNamespaces Create()
    {
        SweepStale();
        var run = new NetworkNamespaces(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)), FreeSubnet());
        try
        {
            IpCommand.Run("link", "add", "name", run.Bridge, "type", "bridge");
            IpCommand.Run("link", "set", "dev", run.Bridge, "alias", LinkAlias + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            IpCommand.Run("addr", "add", run.HubAddress + "/24", "dev", run.Bridge);
            IpCommand.Run("link", "set", "dev", run.Bridge, "up");
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new namespace for <paramref name="label"/> (a node name; letters, digits and dashes) with <c>lo</c> up and
    /// an address on the hub.
    /// </summary>
    public NetworkNamespace Add(string label)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var index = _namespaces.Count + 2;
        if (index > 254)
        {
            throw new InvalidOperationException("a /24 hub has room for 253 namespaces");
        }

        var name = $"{NamespacePrefix}{Environment.ProcessId}-{RunId}-{label}";
        var hubLink = $"af{RunId}h{index}";
        var inner = $"af{RunId}n{index}";
        var created = new NetworkNamespace(label, name, $"{_subnet}.{index}", hubLink);
        var result = IpCommand.TryRun("netns", "add", name);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"ip netns add {name} is not permitted here: {result.Stderr.Trim()} ({IpCommand.Hint})");
        }

        _namespaces.Add(created);
        IpCommand.Run("link", "add", hubLink, "type", "veth", "peer", "name", inner, "netns", name);
        IpCommand.Run("link", "set", "dev", hubLink, "alias", LinkAlias + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        IpCommand.Run("link", "set", "dev", hubLink, "master", Bridge, "up");
        IpCommand.Run("-n", name, "link", "set", "dev", inner, "name", "eth0");
        IpCommand.Run("-n", name, "addr", "add", created.Address + "/24", "dev", "eth0");
        IpCommand.Run("-n", name, "link", "set", "dev", "eth0", "up");
        IpCommand.Run("-n", name, "link", "set", "dev", "lo", "up");
        return created;
    }

    /// <summary>The namespace added for <paramref name="label"/>.</summary>
    public NetworkNamespace this[string label] =>
        _namespaces.FirstOrDefault(ns => ns.Label == label) ?? throw new ArgumentException($"no namespace {label} in this run", nameof(label));

    /// <summary>Cuts <paramref name="label"/> off the hub: its processes run on but reach nobody and nobody reaches them.</summary>
    public void Cut(string label) => IpCommand.Run("link", "set", "dev", this[label].HubLink, "down");

    /// <summary>Joins <paramref name="label"/> to the hub again.</summary>
    public void Heal(string label) => IpCommand.Run("link", "set", "dev", this[label].HubLink, "up");

    /// <summary>Kills what still runs in this run's namespaces, deletes them, their veth pairs and the bridge; never throws.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var ns in _namespaces)
        {
            Delete(ns.Name);
            // The kernel destroys a deleted namespace (and its veth pairs) asynchronously, later under load: the
            // hub-side end is deleted here, which takes its peer with it at once.
            IpCommand.TryRun("link", "del", "dev", ns.HubLink);
        }

        IpCommand.TryRun("link", "del", "dev", Bridge);
    }

    /// <summary>
    /// Deletes the namespaces and links of runs whose test process is gone (a killed test run cannot clean up after
    /// itself); those of live runs (tests running in parallel) are left alone.
    /// </summary>
    public static void SweepStale()
    {
        foreach (var line in IpCommand.Run("netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (NamespaceOwner().Match(name) is { Success: true } owner && !IsAlive(owner.Groups[1].Value))
            {
                Delete(name);
            }
        }

        foreach (var line in IpCommand.Run("-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (LinkOwner().Match(line) is { Success: true } owner && !IsAlive(owner.Groups[2].Value))
            {
                IpCommand.TryRun("link", "del", "dev", owner.Groups[1].Value);
            }
        }
    }

    private static void Delete(string name)
    {
        // A namespace outlives its bind mount while processes are inside it; kill them so its veth pair goes too.
        var pids = IpCommand.TryRun("netns", "pids", name);
        foreach (var pid in pids.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ProcessRunner.Run("kill", ["-KILL", pid]);
        }

        IpCommand.TryRun("netns", "del", name);
    }

    private static bool IsAlive(string pid) => pid == Environment.ProcessId.ToString(CultureInfo.InvariantCulture) || Directory.Exists($"/proc/{pid}");

    /// <summary>A 172.31.N prefix (N in 200–254) that no address or route of the root namespace uses; starting at random, so that parallel runs rarely race for one.</summary>
    private static string FreeSubnet()
    {
        var used = IpCommand.Run("-4", "-o", "addr", "show") + IpCommand.Run("-4", "route", "show", "table", "all");
        var start = RandomNumberGenerator.GetInt32(200, 255);
        for (var i = 0; i < 55; i++)
        {
            var subnet = $"172.31.{200 + ((start - 200 + i) % 55)}";
            if (!used.Contains(subnet + ".", StringComparison.Ordinal))
            {
                return subnet;
            }
        }

        throw new InvalidOperationException("every 172.31.200-254.0/24 subnet is in use on this machine");
    }

    [GeneratedRegex(@"^afns-(\d+)-")]
    private static partial Regex NamespaceOwner();

    [GeneratedRegex(@"^\d+:\s+([^:@\s]+)[@:].*alias asterfarm-test pid=(\d+)")]
    private static partial Regex LinkOwner();
}

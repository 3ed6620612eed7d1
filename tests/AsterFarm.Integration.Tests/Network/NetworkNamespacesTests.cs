using System.Globalization;
using System.Net;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Network;

/// <summary>The namespaces partition tests run nodes in: reachable over the hub, cut and healed, and gone after disposal.</summary>
public sealed class NetworkNamespacesTests
{
    // Long enough for a TCP handshake over a veth pair on a loaded machine; a cut link never answers at all.
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Heal = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Two_namespaces_reach_each_other_and_the_hub_over_tcp()
    {
        using var network = NetworkNamespaces.Create();
        var left = network.Add("left");
        var right = network.Add("right");
        using var listener = NamespaceSockets.Listen(right.Name, right.Address);
        var target = (IPEndPoint)listener.LocalEndpoint;

        Assert.True(await NamespaceSockets.CanConnectAsync(left.Name, target, Connect), $"{left.Address} could not connect to {target}");
        using var local = NamespaceSockets.Listen(right.Name, "127.0.0.1");
        Assert.True(await NamespaceSockets.CanConnectAsync(right.Name, (IPEndPoint)local.LocalEndpoint, Connect), "lo is not up");
        using var hub = new System.Net.Sockets.TcpListener(IPAddress.Parse(network.HubAddress), 0);
        hub.Start();
        Assert.True(await NamespaceSockets.CanConnectAsync(left.Name, (IPEndPoint)hub.LocalEndpoint, Connect), "the namespace could not reach the hub");
    }

    [Fact]
    public async Task A_program_started_with_the_launcher_prefix_runs_inside_the_namespace()
    {
        using var network = NetworkNamespaces.Create();
        var left = network.Add("left");
        var right = network.Add("right");
        using var listener = NamespaceSockets.Listen(right.Name, right.Address);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        string[] command = [.. left.LauncherPrefix, "bash", "-c", $"exec 3<>/dev/tcp/{right.Address}/{port} && ip -o -4 addr show dev eth0"];
        var result = ProcessRunner.Run(command[0], command[1..]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(left.Address + "/24", result.StdoutText, StringComparison.Ordinal);
        await listener.AcceptSocketAsync().WaitAsync(Connect);
    }

    [Fact]
    public async Task A_cut_namespace_is_unreachable_both_ways_until_it_is_healed()
    {
        using var network = NetworkNamespaces.Create();
        var cut = network.Add("cut");
        var other = network.Add("other");
        using var onCut = NamespaceSockets.Listen(cut.Name, cut.Address);
        using var onOther = NamespaceSockets.Listen(other.Name, other.Address);
        var toCut = (IPEndPoint)onCut.LocalEndpoint;
        using var local = NamespaceSockets.Listen(cut.Name, "127.0.0.1");
        var toOther = (IPEndPoint)onOther.LocalEndpoint;
        Assert.True(await NamespaceSockets.CanConnectAsync(other.Name, toCut, Connect), "not reachable before the cut");

        network.Cut("cut");

        Assert.False(await NamespaceSockets.CanConnectAsync(other.Name, toCut, Connect), "reachable from the other namespace while cut");
        Assert.False(await NamespaceSockets.CanConnectAsync(cut.Name, toOther, Connect), "reached the other namespace while cut");
        Assert.True(await NamespaceSockets.CanConnectAsync(cut.Name, (IPEndPoint)local.LocalEndpoint, Connect), "a cut node's own loopback must keep working");

        network.Heal("cut");

        await Eventually.Until(() => NamespaceSockets.CanConnectAsync(other.Name, toCut, Connect), reached => reached, Heal, "the healed namespace to be reachable");
        Assert.True(await NamespaceSockets.CanConnectAsync(cut.Name, toOther, Connect), "the healed namespace cannot reach the other");
    }

    [Fact]
    public async Task Disposing_deletes_the_namespaces_and_links_and_kills_what_runs_inside()
    {
        var network = NetworkNamespaces.Create();
        var inside = network.Add("inside");
        string[] command = [.. inside.LauncherPrefix, "bash", "-c", "echo inside; exec sleep 600"];
        await using var sleeper = ManagedProcess.Start("sleeper", command[0], command[1..]);
        await sleeper.WaitForOutputAsync("inside", Connect);

        network.Dispose();

        await sleeper.WaitForExitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(inside.Name, IpCommand.Run("netns", "list"), StringComparison.Ordinal);
        Assert.DoesNotContain("af" + network.RunId, IpCommand.Run("-o", "link", "show"), StringComparison.Ordinal);
    }

    [Fact]
    public void Leftovers_of_a_dead_run_are_swept_and_those_of_a_live_run_kept()
    {
        using var live = NetworkNamespaces.Create();
        live.Add("live");
        var dead = DeadPid();
        var leftover = $"afns-{dead}-000000-left";
        IpCommand.Run("netns", "add", leftover);
        IpCommand.Run("link", "add", "name", "af000000br", "type", "bridge");
        IpCommand.Run("link", "set", "dev", "af000000br", "alias", $"asterfarm-test pid={dead}");

        NetworkNamespaces.SweepStale();

        var namespaces = IpCommand.Run("netns", "list");
        Assert.DoesNotContain(leftover, namespaces, StringComparison.Ordinal);
        Assert.DoesNotContain("af000000br", IpCommand.Run("-o", "link", "show"), StringComparison.Ordinal);
        Assert.Contains(live["live"].Name, namespaces, StringComparison.Ordinal);
        Assert.Contains(live.Bridge, IpCommand.Run("-o", "link", "show"), StringComparison.Ordinal);
    }

    /// <summary>The PID of a process that has exited (and that no process has taken since, checked).</summary>
    private static int DeadPid()
    {
        using var process = System.Diagnostics.Process.Start("true")!;
        process.WaitForExit();
        return Directory.Exists($"/proc/{process.Id}") ? throw new InvalidOperationException("the PID was reused at once") : process.Id;
    }
}

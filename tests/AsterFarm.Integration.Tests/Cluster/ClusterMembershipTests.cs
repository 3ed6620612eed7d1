using System.Net;
using System.Net.Http.Json;
using AsterFarm.Integration.Tests.Processes;

namespace AsterFarm.Integration.Tests.Cluster;

/// <summary>One coordinator and two builders as real processes on loopback.</summary>
public sealed class ClusterMembershipTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(30);

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<NodeProcess> _nodes = [];
    private NodeProcess _coordinator = null!;
    private NodeProcess _flagBuilder = null!;
    private NodeProcess _envBuilder = null!;

    public Task InitializeAsync()
    {
        var ports = FreePorts.Take(6);
        _coordinator = Track(NodeProcess.StartCoordinator("coordinator", ports[0], ports[1]));
        _flagBuilder = Track(NodeProcess.StartBuilderWithFlags("builder-flags", ports[2], ports[3], _coordinator.Address));
        _envBuilder = Track(NodeProcess.StartBuilderWithEnvironment("builder-env", ports[4], ports[5], _coordinator.Address));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_builder_node_that_receives_SIGTERM_leaves_the_cluster_gracefully()
    {
        foreach (var node in _nodes)
        {
            await Eventually.Until(() => ReadinessAsync(node), status => status == HttpStatusCode.OK, StartTimeout, $"{node.Process.Name} ready (200)");
        }

        string[] expected =
        [
            $"{_coordinator.Address} coordinator Up",
            $"{_envBuilder.Address} builder Up",
            $"{_flagBuilder.Address} builder Up",
        ];
        Array.Sort(expected, StringComparer.Ordinal);
        await Eventually.Until(
            async () => string.Join("; ", (await NodesAsync()).Select(Describe).Order(StringComparer.Ordinal)),
            seen => seen == string.Join("; ", expected),
            StartTimeout,
            "the coordinator to list " + string.Join("; ", expected));

        _flagBuilder.Process.Terminate();

        var exitCode = await _flagBuilder.Process.WaitForExitAsync(LeaveTimeout);
        Assert.True(exitCode == 0, $"the builder should exit with 0 after leaving, got {exitCode}:\n{_flagBuilder.Process.Output}");
        await _flagBuilder.Process.WaitForOutputAsync("is Leaving", TimeSpan.Zero);
        await _coordinator.Process.WaitForOutputAsync($"Cluster member {_flagBuilder.Address} removed (was Exiting", LeaveTimeout);
        var remaining = await Eventually.Until(
            NodesAsync, nodes => nodes.Length == 2, LeaveTimeout, "two members left after the builder's departure");
        Assert.DoesNotContain(remaining, member => member.Address == _flagBuilder.Address);
        Assert.All(remaining, member => Assert.True(member.Status == "Up" && member.Reachable, $"{member} should be Up and reachable"));
        Assert.DoesNotContain("unreachable", _coordinator.Process.Output, StringComparison.Ordinal);
    }

    private static string Describe(ClusterNodeView member) => $"{member.Address} {string.Join(',', member.Roles)} {member.Status}";

    private NodeProcess Track(NodeProcess node)
    {
        _nodes.Add(node);
        return node;
    }

    private static async Task<HttpStatusCode> ReadinessAsync(NodeProcess node)
    {
        if (node.Process.HasExited)
        {
            throw new InvalidOperationException($"{node.Process.Name} exited before it was ready:\n{node.Process.Output}");
        }

        using var response = await Http.GetAsync(new Uri(node.Http, "/healthz/ready"));
        return response.StatusCode;
    }

    private async Task<ClusterNodeView[]> NodesAsync() =>
        await Http.GetFromJsonAsync<ClusterNodeView[]>(new Uri(_coordinator.Http, "/api/v1/nodes"))
            ?? throw new InvalidOperationException("/api/v1/nodes returned null");
}

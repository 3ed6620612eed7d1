using System.Net.Http.Json;
using AsterFarm.Hosting;
using AsterFarm.Integration.Tests.Cluster;
using AsterFarm.Integration.Tests.Farm;

namespace AsterFarm.Integration.Tests.FaultTolerance;

/// <summary>Issue 6: a node the split-brain resolver downs exits non-zero, so that its supervisor starts it again.</summary>
public sealed class DownedNodeTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private LocalFarm _farm = null!;

    public async Task InitializeAsync()
    {
        _farm = LocalFarm.Start("asterfarm-downed", maxBuilders: 2);
        _farm.StartBuilder("frozen", "--emulated-system", "none");
        _farm.StartBuilder("other", "--emulated-system", "none");
        await _farm.WaitUntilUpAsync(builders: 2);
    }

    public async Task DisposeAsync() => await _farm.DisposeAsync();

    [Fact]
    public async Task A_builder_frozen_until_the_majority_downs_it_exits_with_a_non_zero_code_when_it_resumes()
    {
        var frozen = _farm.ProcessOf("frozen");
        var address = _farm.AddressOf("frozen");

        frozen.Signal("STOP");
        try
        {
            await Eventually.Until(
                async () => await Http.GetFromJsonAsync<List<ClusterNodeView>>(new Uri(_farm.Url, "api/v1/nodes")) ?? [],
                nodes => nodes.All(node => node.Address != address),
                Patience,
                "the frozen builder to be downed and removed");
        }
        finally
        {
            frozen.Signal("CONT");
        }

        var exit = await frozen.WaitForExitAsync(Patience);

        Assert.True(exit == NodeExitCode.RemovedFromCluster, $"the downed builder should exit {NodeExitCode.RemovedFromCluster}, got {exit}:\n{frozen.Output}");
        await _farm.WaitUntilUpAsync(members: 2, observer: _farm.Coordinators[0]);
    }
}

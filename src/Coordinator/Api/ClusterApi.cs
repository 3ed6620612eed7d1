using Akka.Actor;
using AsterFarm.Shared.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AsterFarm.Coordinator.Api;

/// <summary><c>GET /api/v1/nodes</c>: the cluster members as this coordinator sees them (for <c>asterfarm status</c> and the dashboard).</summary>
internal static class ClusterApi
{
    public const string NodesPath = "/api/v1/nodes";

    public static void AddTo(AsterFarmNodeBuilder node) => node.MapEndpoints(endpoints => endpoints.MapGet(NodesPath, Nodes));

    private static IResult Nodes(ActorSystem system)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var unreachable = state.Unreachable.Select(member => member.UniqueAddress).ToHashSet();
        var nodes = state.Members
            .Select(member => new ClusterNodeView(
                member.Address.ToString(),
                [.. member.Roles.Order(StringComparer.Ordinal)],
                member.Status.ToString(),
                !unreachable.Contains(member.UniqueAddress)))
            .ToList();
        return Results.Json(nodes);
    }
}

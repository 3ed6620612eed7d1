using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AsterFarm.Shared.Hosting;

/// <summary>The liveness and readiness probes of every node.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapAsterFarmHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPaths.Live, () => Results.Text("live\n"));
        endpoints.MapGet(HealthPaths.Ready, (ClusterReadiness readiness) => readiness.IsReady
            ? Results.Text("ready\n")
            : Results.Text($"not ready: member status {readiness.SelfStatus?.ToString() ?? "not joined"}\n", statusCode: StatusCodes.Status503ServiceUnavailable));
        return endpoints;
    }
}

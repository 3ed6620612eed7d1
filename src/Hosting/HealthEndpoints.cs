using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AsterFarm.Hosting;

/// <summary>The liveness and readiness probes of every node.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapAsterFarmHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPaths.Live, () => Results.Text("live\n"));
        endpoints.MapGet(HealthPaths.Ready, (ClusterReadiness readiness, IEnumerable<IReadinessCheck> checks) => NotReadyReason(readiness, checks) is { } reason
            ? Results.Text($"not ready: {reason}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready\n"));
        return endpoints;
    }

    private static string? NotReadyReason(ClusterReadiness readiness, IEnumerable<IReadinessCheck> checks) =>
        readiness.IsReady
            ? checks.Select(check => check.NotReadyReason).FirstOrDefault(reason => reason is not null)
            : $"member status {readiness.SelfStatus?.ToString() ?? "not joined"}";
}

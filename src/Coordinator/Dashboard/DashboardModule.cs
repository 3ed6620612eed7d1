using AsterFarm.Coordinator.Api.Access;
using AsterFarm.Coordinator.Dashboard.Cache;
using AsterFarm.Coordinator.Dashboard.Live;
using AsterFarm.Coordinator.Dashboard.Pages;
using AsterFarm.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AsterFarm.Coordinator.Dashboard;

/// <summary>
/// The web dashboard every coordinator serves at <c>/</c>: server-rendered pages (runs, run, derivation step,
/// machines, queue, cache), a small embedded script that keeps them live, and token-guarded actions. Reads go
/// through the token filter (<see cref="TokenRule.DashboardRead"/>), actions through <see cref="TokenRule.DashboardAction"/> as well; every scheduler
/// query is an ask with the farm's timeout.
/// </summary>
internal static class DashboardModule
{
    public static void AddTo(AsterFarmNodeBuilder node)
    {
        var options = node.Configuration.GetSection(DashboardOptions.SectionName).Get<DashboardOptions>() ?? new DashboardOptions();
        node.Services.AddSingleton(options);
        node.Services.AddSingleton<SchedulerQuery>();
        node.Services.AddSingleton<CacheStatistics>();
        node.Services.AddSingleton<NarInfoLookups>();
        node.Services.AddSingleton<IStartupFilter>(services => services.GetRequiredService<NarInfoLookups>());
        node.MapEndpoints(endpoints => endpoints.MapDashboard());
    }

    private static void MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var reads = endpoints.MapGroup(string.Empty).RequireToken(TokenRule.DashboardRead);
        reads.MapGet("/", RunsPage.Show);
        reads.MapGet("/runs/{id}", RunDetailPage.Show);
        reads.MapGet("/drv/{name}", DerivationPage.Show);
        reads.MapGet("/drv/{name}/log-events", BuildLogStream.Stream);
        reads.MapGet("/machines", MachinesPage.Show);
        reads.MapGet("/queue", QueuePage.Show);
        reads.MapGet("/cache", CachePage.Show);
        reads.MapGet("/dashboard/api/runs/{id}/parts", RunDetailPage.Parts);
        reads.MapGet("/dashboard/api/runs/{id}/timeline", TimelineEndpoint.Get);

        // The assets carry no data: served to anyone, so the sign-in prompt itself is styled.
        endpoints.MapGet("/" + DashboardAssets.Route + "/{name}", DashboardAssets.Serve);

        var actions = reads.MapGroup("/dashboard/api/runs/{id}").RequireToken(TokenRule.DashboardAction);
        actions.MapPost("/cancel", RunActions.Cancel);
        actions.MapPost("/rebuild-failed", RunActions.RebuildFailed);
    }
}

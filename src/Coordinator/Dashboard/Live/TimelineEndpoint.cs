using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Shared.Protocol.Dashboard;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard.Live;

/// <summary><c>dashboard/api/runs/{id}/timeline</c>: the run's builds as bars (JSON) for the page's Gantt chart.</summary>
internal static class TimelineEndpoint
{
    public static async Task<IResult> Get(string id, HttpContext context, SchedulerQuery scheduler, DashboardOptions options)
    {
        if (!RunsApi.TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var timeline = await scheduler.AskAsync<RunTimeline>(
            new GetRunTimeline(run, Math.Clamp(options.TimelineBars, 1, GetRunTimeline.MaxBars)), context.RequestAborted).ConfigureAwait(false);
        if (timeline is null)
        {
            return new SchedulerUnavailable();
        }

        return Results.Json(new
        {
            now = timeline.NowUtc,
            total = timeline.TotalBars,
            bars = timeline.Bars.Select(bar => new
            {
                drv = bar.DrvName,
                node = bar.Node.Value,
                start = bar.StartUtc,
                end = bar.EndUtc,
                emulated = bar.Emulated,
                critical = bar.Critical,
                state = bar.State.ToString(),
            }),
        });
    }
}

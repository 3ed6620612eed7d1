using System.Text;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using Microsoft.AspNetCore.Http;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Pages;

/// <summary>
/// <c>/</c>: recent and running runs with their progress per system, filtered by state. Refreshed in place while a
/// run is open (the table alone, every few seconds, one request per viewer whatever the farm's size).
/// </summary>
internal static class RunsPage
{
    private static readonly string[] Filters = ["all", "running", "succeeded", "failed", "cancelled"];

    public static async Task<IResult> Show(HttpContext context, SchedulerQuery scheduler, DashboardOptions options, TimeProvider time, string? state, string? fragment)
    {
        var list = await scheduler.AskAsync<RunSummaryList>(new ListRunSummaries(ListRunSummaries.MaxRuns), context.RequestAborted).ConfigureAwait(false);
        var filter = Filters.Contains(state) ? state! : "all";
        var table = Table(list, filter, time.GetUtcNow().UtcDateTime);
        if (fragment is not null)
        {
            return Results.Content(table, "text/html; charset=utf-8");
        }

        var body = new StringBuilder();
        body.Append("<div class=\"head\"><h1>Runs</h1><nav class=\"filters\" aria-label=\"Filter runs by state\"><ul>");
        foreach (var f in Filters)
        {
            body.Append("<li><a href=\"./").Append(f == "all" ? string.Empty : "?state=" + f).Append('"')
                .Append(f == filter ? " aria-current=\"true\"" : string.Empty).Append('>').Append(f).Append("</a></li>");
        }

        body.Append("</ul></nav></div>")
            // The nightly-jobsets issue adds a jobset's history here.
            .Append("<section id=\"jobsets\" hidden></section>")
            .Append("<div id=\"runs\" data-live-src=\"").Append(H("./?fragment=1" + (filter == "all" ? string.Empty : "&state=" + filter)))
            .Append("\" data-live-every=\"3\">").Append(table).Append("</div>");
        return Results.Content(PageLayout.Render(options, "runs", "Runs", body.ToString()), "text/html; charset=utf-8");
    }

    private static string Table(RunSummaryList? list, string filter, DateTime now)
    {
        if (list is null)
        {
            return "<p class=\"notice\" role=\"alert\">The scheduler did not answer in time (it may be moving to another coordinator); this page retries.</p>";
        }

        var runs = list.Runs.Where(run => filter == "all" || run.State.ToString().Equals(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (runs.Count == 0)
        {
            return "<p class=\"empty\">No runs" + (filter == "all" ? string.Empty : " in state " + H(filter)) + ". Submit one with <code>asterfarm submit</code>.</p>";
        }

        var html = new StringBuilder("<div class=\"table-wrap\"><table class=\"runs\"><caption class=\"sr-only\">Recent runs, newest first</caption><thead><tr>")
            .Append("<th scope=\"col\">Run</th><th scope=\"col\">State</th><th scope=\"col\">Roots</th><th scope=\"col\" class=\"wide\">Progress per system</th>")
            .Append("<th scope=\"col\" class=\"num\">Derivations</th><th scope=\"col\">Submitted</th><th scope=\"col\">Duration</th></tr></thead><tbody>");
        foreach (var run in runs)
        {
            var id = run.Run.ToString();
            var open = run.State is RunState.Planning or RunState.Running;
            var duration = open ? now - run.CreatedUtc : run.EndedUtc is { } ended ? ended - run.CreatedUtc : (TimeSpan?)null;
            html.Append("<tr data-run=\"").Append(id).Append("\"><td><a href=\"runs/").Append(id).Append("\"><code>").Append(id[..8]).Append("</code></a></td>")
                .Append("<td>").Append(Badge(run.State.ToString())).Append("</td>")
                .Append("<td class=\"roots\" title=\"").Append(H(run.FirstRoot)).Append("\">").Append(H(DrvName(run.FirstRoot)))
                .Append(run.Roots > 1 ? $" <span class=\"muted\">+{run.Roots - 1} more</span>" : string.Empty)
                .Append(run.Priority != 0 ? $" <span class=\"muted\">priority {run.Priority}</span>" : string.Empty).Append("</td><td class=\"wide\">");
            foreach (var system in run.Systems)
            {
                var total = system.Planned + system.Waiting + system.Running + system.Done + system.Failed;
                html.Append("<div class=\"sysrow\"><span class=\"sys\">").Append(H(system.System)).Append("</span>").Append(Progress(system))
                    .Append("<span class=\"count\">").Append(system.Done).Append('/').Append(total)
                    .Append(system.Failed > 0 ? $" <span class=\"bad\">{system.Failed} {(run.State == RunState.Cancelled ? "cancelled or failed" : "failed")}</span>" : string.Empty)
                    .Append("</span></div>");
            }

            html.Append("</td><td class=\"num\">").Append(Number(run.Derivations)).Append("</td><td>").Append(Time(run.CreatedUtc)).Append("</td><td>")
                .Append(duration is { } d ? (open ? "running " : string.Empty) + Duration(d) : "—").Append("</td></tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }
}

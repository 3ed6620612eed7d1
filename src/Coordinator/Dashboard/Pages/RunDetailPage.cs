using System.Text;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Shared.Protocol;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using Microsoft.AspNetCore.Http;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Pages;

/// <summary>
/// <c>runs/{id}</c>: a run's progress per system, its timeline, and its derivations searched and paginated by the
/// scheduler (one page crosses the wire, whatever the run's size). The script follows the run's server-sent events
/// and refreshes the parts (<see cref="Parts"/>) as builds change; cancel and rebuild-failed need the token.
/// </summary>
internal static class RunDetailPage
{
    private static readonly (string Value, string Label, BuildState[] States)[] StateFilters =
    [
        ("", "all states", []),
        ("running", "running", [BuildState.Running]),
        ("failed", "failed", [BuildState.Failed]),
        ("waiting", "waiting", [BuildState.Waiting]),
        ("dependency-failed", "dependency failed", [BuildState.DependencyFailed]),
        ("planned", "planned", [BuildState.Planned]),
        ("built", "built", [BuildState.Built]),
        ("cached", "cached", [BuildState.Cached]),
        ("cancelled", "cancelled", [BuildState.Cancelled]),
    ];

    public static async Task<IResult> Show(string id, HttpContext context, SchedulerQuery scheduler, DashboardOptions options, string? state, string? q, int? page)
    {
        if (!RunsApi.TryParseRun(id, out var run))
        {
            return NotFound(options, $"'{id}' is not a run id");
        }

        var view = await Load(run, context, scheduler, options, state, q, page).ConfigureAwait(false);
        if (view is null)
        {
            return Unavailable(options);
        }

        if (view.Summary is not { } summary)
        {
            return NotFound(options, $"no run {id} (the scheduler does not know it)");
        }

        var body = new StringBuilder()
            .Append("<div class=\"head\"><h1>Run <code>").Append(id[..8]).Append("</code> <span id=\"run-state\">").Append(Badge(summary.State.ToString())).Append("</span></h1>")
            .Append("<div class=\"actions\"><button type=\"button\" id=\"cancel\" class=\"danger\">Cancel run</button>")
            .Append("<button type=\"button\" id=\"rebuild\">Rebuild failed</button></div></div>")
            .Append("<p class=\"meta\"><span>id <code>").Append(id).Append("</code></span>");
        {
            body.Append("<span>submitted ").Append(Time(summary.CreatedUtc)).Append("</span><span>").Append(summary.Roots).Append(summary.Roots == 1 ? " root: " : " roots, first: ")
                .Append("<a href=\"drv/").Append(U(summary.FirstRoot)).Append("\">").Append(H(DrvName(summary.FirstRoot))).Append("</a></span>")
                .Append("<span>").Append(Number(summary.Derivations)).Append(" derivations</span>")
                .Append(summary.Priority != 0 ? $"<span>priority {summary.Priority}</span>" : string.Empty);
        }

        body.Append("</p>")
            .Append("<section aria-labelledby=\"h-progress\"><h2 id=\"h-progress\">Progress</h2><div id=\"progress\">").Append(ProgressTable(summary)).Append("</div></section>")
            .Append("<section aria-labelledby=\"h-timeline\"><div class=\"subhead\"><h2 id=\"h-timeline\">Timeline</h2>")
            .Append("<div class=\"tl-tools\" role=\"group\" aria-label=\"Timeline zoom\"><button type=\"button\" data-zoom=\"in\" aria-label=\"Zoom in\">+</button>")
            .Append("<button type=\"button\" data-zoom=\"out\" aria-label=\"Zoom out\">−</button><button type=\"button\" data-zoom=\"fit\">Fit</button></div>")
            .Append("<ul class=\"legend\" aria-label=\"Timeline legend\"><li><span class=\"sw native\"></span>native</li><li><span class=\"sw emulated\"></span>emulated (QEMU)</li>")
            .Append("<li><span class=\"sw failed\"></span>failed</li><li><span class=\"sw critical\"></span>critical path</li></ul></div>")
            .Append("<div id=\"timeline\" class=\"timeline\" tabindex=\"0\" role=\"img\" aria-label=\"Builds of this run per builder slot over time\" data-src=\"dashboard/api/runs/")
            .Append(id).Append("/timeline\"><p class=\"muted\">Loading the timeline…</p></div><p id=\"timeline-note\" class=\"muted small\"></p></section>")
            .Append("<section aria-labelledby=\"h-builds\"><h2 id=\"h-builds\">Derivations</h2>")
            .Append("<form id=\"build-filter\" class=\"filter\" role=\"search\" method=\"get\" action=\"runs/").Append(id).Append("\">")
            .Append("<label for=\"q\">Search</label><input id=\"q\" name=\"q\" type=\"search\" value=\"").Append(H(q)).Append("\" placeholder=\"name or hash\">")
            .Append("<label for=\"state\">State</label><select id=\"state\" name=\"state\">");
        foreach (var (value, label, _) in StateFilters)
        {
            body.Append("<option value=\"").Append(value).Append('"').Append(value == (state ?? string.Empty) ? " selected" : string.Empty).Append('>').Append(label).Append("</option>");
        }

        body.Append("</select><button type=\"submit\">Filter</button></form><div id=\"builds\">").Append(BuildsTable(id, view, options, state, q)).Append("</div></section>");
        var data = $"data-run=\"{id}\" data-events=\"api/v1/runs/{id}/events\" data-parts=\"{H(PartsUrl(id, state, q, view.Offset / PageSize(options) + 1))}\"";
        return Results.Content(PageLayout.Render(options, "runs", "Run " + id[..8], body.ToString(), data), "text/html; charset=utf-8");
    }

    /// <summary>The live parts of the page as JSON: state, progress table, derivations table.</summary>
    public static async Task<IResult> Parts(string id, HttpContext context, SchedulerQuery scheduler, DashboardOptions options, string? state, string? q, int? page)
    {
        if (!RunsApi.TryParseRun(id, out var run))
        {
            return Results.Problem($"'{id}' is not a run id", statusCode: StatusCodes.Status400BadRequest);
        }

        var view = await Load(run, context, scheduler, options, state, q, page).ConfigureAwait(false);
        return view switch
        {
            null => new SchedulerUnavailable(),
            { Summary: null } => Results.Problem($"no run {id}", statusCode: StatusCodes.Status404NotFound),
            { Summary: { } summary } => Results.Json(new
            {
                state = summary.State.ToString(),
                badge = Badge(summary.State.ToString()),
                progress = ProgressTable(summary),
                builds = BuildsTable(id, view, options, state, q),
            }),
        };
    }

    /// <summary>One ask: the scheduler counts the run and picks the page in the same pass.</summary>
    private static Task<RunPage?> Load(RunId run, HttpContext context, SchedulerQuery scheduler, DashboardOptions options, string? state, string? q, int? page)
    {
        var size = PageSize(options);
        var states = StateFilters.FirstOrDefault(f => f.Value == (state ?? string.Empty)).States ?? [];
        return scheduler.AskAsync<RunPage>(new GetRunPage(run, ValueList.From(states), q, (Math.Max(1, page ?? 1) - 1) * size, size), context.RequestAborted);
    }

    private static int PageSize(DashboardOptions options) => Math.Clamp(options.PageSize, 1, GetRunPage.MaxLimit);

    private static string PartsUrl(string id, string? state, string? q, int page) =>
        $"dashboard/api/runs/{id}/parts?state={U(state ?? string.Empty)}&q={U(q ?? string.Empty)}&page={page}";

    private static string ProgressTable(RunSummary status)
    {
        if (status.Systems.Count == 0)
        {
            return "<p class=\"muted\">" + (status.State == RunState.Planning ? "Loading the derivation graph…" : "No derivations.") + "</p>";
        }

        var html = new StringBuilder("<div class=\"table-wrap\"><table class=\"systems\"><caption class=\"sr-only\">Derivations per system</caption><thead><tr>")
            .Append("<th scope=\"col\">System</th><th scope=\"col\" class=\"wide\">Progress</th><th scope=\"col\" class=\"num\">Done</th><th scope=\"col\" class=\"num\">Running</th>")
            .Append("<th scope=\"col\" class=\"num\">Waiting</th><th scope=\"col\" class=\"num\">Planned</th><th scope=\"col\" class=\"num\">Failed</th></tr></thead><tbody>");
        foreach (var s in status.Systems)
        {
            var total = s.Planned + s.Waiting + s.Running + s.Done + s.Failed;
            html.Append("<tr><th scope=\"row\">").Append(H(s.System)).Append("</th><td class=\"wide\">").Append(Progress(s)).Append("</td>")
                .Append("<td class=\"num\">").Append(Number(s.Done)).Append(" / ").Append(Number(total)).Append("</td><td class=\"num\">").Append(Number(s.Running))
                .Append("</td><td class=\"num\">").Append(Number(s.Waiting)).Append("</td><td class=\"num\">").Append(Number(s.Planned))
                .Append("</td><td class=\"num").Append(s.Failed > 0 ? " bad" : string.Empty).Append("\">").Append(Number(s.Failed)).Append("</td></tr>");
        }

        return html.Append("</tbody></table></div>").ToString();
    }

    private static string BuildsTable(string id, RunPage page, DashboardOptions options, string? state, string? q)
    {
        if (page.Entries.Count == 0)
        {
            return "<p class=\"empty\">No derivations match.</p>";
        }

        var html = new StringBuilder("<div class=\"table-wrap\"><table class=\"builds\"><caption class=\"sr-only\">Derivations of the run: running first, then failed, waiting and the rest</caption><thead><tr>")
            .Append("<th scope=\"col\">Derivation</th><th scope=\"col\">System</th><th scope=\"col\">State</th><th scope=\"col\">Builder</th><th scope=\"col\">Time</th><th scope=\"col\" class=\"wide\">Details</th></tr></thead><tbody>");
        foreach (var e in page.Entries)
        {
            var name = e.DrvPath.BaseName;
            var time = e.StartedUtc is { } started
                ? Duration((e.EndedUtc ?? DateTime.UtcNow) - started) + (e.EndedUtc is null ? " so far" : string.Empty)
                : e.State is BuildState.Waiting ? "since " + Time(e.SinceUtc) : "—";
            html.Append("<tr><td class=\"drv\"><a href=\"drv/").Append(U(name)).Append("\" title=\"").Append(H(name)).Append("\">").Append(H(DrvName(name))).Append("</a></td>")
                .Append("<td>").Append(H(e.System)).Append("</td><td>").Append(Badge(e.State.ToString())).Append("</td><td>")
                .Append(e.Node is { } node ? H(node.Value) + (e.Emulated ? " <span class=\"tag emu\">emulated</span>" : string.Empty) : "—")
                .Append("</td><td>").Append(time).Append("</td><td class=\"wide\">");
            if (e.Reason is { } reason)
            {
                html.Append("<span class=\"reason\">").Append(H(reason)).Append("</span>");
            }

            if (e.LogTail is { } tail)
            {
                html.Append("<details><summary>last log lines</summary><pre class=\"tail\">").Append(H(tail)).Append("</pre></details>");
            }

            html.Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        var size = PageSize(options);
        var current = (page.Offset / size) + 1;
        var pages = Math.Max(1, (page.Matching + size - 1) / size);
        html.Append("<nav class=\"pager\" aria-label=\"Derivation pages\"><span>")
            .Append(Number(page.Offset + 1)).Append('–').Append(Number(page.Offset + page.Entries.Count)).Append(" of ").Append(Number(page.Matching)).Append("</span>");
        string Link(int to, string label) =>
            $"<a href=\"runs/{id}?state={U(state ?? string.Empty)}&amp;q={U(q ?? string.Empty)}&amp;page={to}\" data-page=\"{to}\">{label}</a>";
        html.Append(current > 1 ? Link(1, "« first") + Link(current - 1, "‹ previous") : string.Empty)
            .Append("<span>page ").Append(current).Append(" of ").Append(Number(pages)).Append("</span>")
            .Append(current < pages ? Link(current + 1, "next ›") + Link(pages, "last »") : string.Empty)
            .Append("</nav>");
        return html.ToString();
    }

    internal static IResult NotFound(DashboardOptions options, string message) =>
        Results.Content(PageLayout.Render(options, "runs", "Not found", $"<h1>Not found</h1><p>{H(message)}</p>"), "text/html; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    internal static IResult Unavailable(DashboardOptions options) =>
        Results.Content(
            PageLayout.Render(options, "runs", "Scheduler unavailable", "<h1>Scheduler unavailable</h1><p role=\"alert\">The scheduler did not answer in time (it may be moving to another coordinator). Reload in a few seconds.</p>"),
            "text/html; charset=utf-8",
            statusCode: StatusCodes.Status503ServiceUnavailable);
}

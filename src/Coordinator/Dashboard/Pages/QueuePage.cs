using System.Text;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Shared.Protocol.Dashboard;
using Microsoft.AspNetCore.Http;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Pages;

/// <summary><c>queue</c>: per system, what is queued by priority and for how long, and what no builder can build.</summary>
internal static class QueuePage
{
    public static async Task<IResult> Show(HttpContext context, SchedulerQuery scheduler, DashboardOptions options, TimeProvider time, string? fragment)
    {
        var report = await scheduler.AskAsync<QueueReport>(new GetQueueReport(GetQueueReport.MaxPerSystem), context.RequestAborted).ConfigureAwait(false);
        var content = Content(report, time.GetUtcNow().UtcDateTime);
        if (fragment is not null)
        {
            return Results.Content(content, "text/html; charset=utf-8");
        }

        var body = "<div class=\"head\"><h1>Queue</h1></div><div id=\"queue\" data-live-src=\"queue?fragment=1\" data-live-every=\"3\">" + content + "</div>";
        return Results.Content(PageLayout.Render(options, "queue", "Queue", body), "text/html; charset=utf-8");
    }

    private static string Content(QueueReport? report, DateTime now)
    {
        if (report is null)
        {
            return "<p class=\"notice\" role=\"alert\">The scheduler did not answer in time (it may be moving to another coordinator); this page retries.</p>";
        }

        if (report.Systems.Count == 0)
        {
            return "<p class=\"empty\">Nothing is queued: no run has derivations left to build.</p>";
        }

        var html = new StringBuilder("<div class=\"table-wrap\"><table class=\"queue\"><caption class=\"sr-only\">Derivations per system over all open runs</caption><thead><tr>")
            .Append("<th scope=\"col\">System</th><th scope=\"col\" class=\"num\">Ready</th><th scope=\"col\" class=\"num\">Running</th><th scope=\"col\" class=\"num\">Planned</th>")
            .Append("<th scope=\"col\" class=\"num\">Nothing can build</th><th scope=\"col\">Oldest ready</th></tr></thead><tbody>");
        foreach (var s in report.Systems)
        {
            html.Append("<tr><th scope=\"row\">").Append(H(s.System)).Append("</th><td class=\"num\">").Append(Number(s.Ready)).Append("</td><td class=\"num\">").Append(Number(s.Running))
                .Append("</td><td class=\"num\">").Append(Number(s.Planned)).Append("</td><td class=\"num").Append(s.Waiting > 0 ? " bad" : string.Empty).Append("\">").Append(Number(s.Waiting))
                .Append("</td><td>").Append(s.OldestReadyUtc is { } oldest ? "waits " + Duration(now - oldest) : "—").Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        foreach (var s in report.Systems.Where(s => s.Reasons.Count > 0 || s.Next.Count > 0))
        {
            var id = "q-" + s.System.Replace('_', '-');
            html.Append("<section aria-labelledby=\"").Append(H(id)).Append("\"><h2 id=\"").Append(H(id)).Append("\">").Append(H(s.System)).Append("</h2>");
            foreach (var reason in s.Reasons)
            {
                html.Append("<p class=\"reason-box bad\"><strong>").Append(Number(reason.Count)).Append(" cannot start:</strong> ").Append(H(reason.Reason)).Append("</p>");
            }

            if (s.Next.Count > 0)
            {
                html.Append("<div class=\"table-wrap\"><table><caption>Next to dispatch, in order</caption><thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Derivation</th>")
                    .Append("<th scope=\"col\" class=\"num\">Critical path</th><th scope=\"col\" class=\"num\">Run priority</th><th scope=\"col\">Ready for</th></tr></thead><tbody>");
                var position = 0;
                foreach (var q in s.Next)
                {
                    var name = q.DrvPath.BaseName;
                    html.Append("<tr><td class=\"num\">").Append(++position).Append("</td><td><a href=\"drv/").Append(U(name)).Append("\" title=\"").Append(H(name)).Append("\">")
                        .Append(H(DrvName(name))).Append("</a></td><td class=\"num\">").Append(Duration(TimeSpan.FromSeconds(q.CriticalPathSeconds)))
                        .Append("</td><td class=\"num\">").Append(q.RunPriority == int.MinValue ? "—" : q.RunPriority.ToString(System.Globalization.CultureInfo.InvariantCulture))
                        .Append("</td><td>").Append(Duration(now - q.ReadySinceUtc)).Append("</td></tr>");
                }

                html.Append("</tbody></table></div>");
            }

            html.Append("</section>");
        }

        return html.ToString();
    }
}

using System.Globalization;
using System.Text;
using Akka.Actor;
using AsterFarm.Coordinator.Api;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Dashboard.Cache;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Pages;

/// <summary>
/// <c>machines</c>: every builder (native and emulated systems with their slowdown, features, slots busy and free,
/// its builds and for how long, when last heard) and every coordinator (role, scheduler host, reachability, cache).
/// Refreshed in place every few seconds.
/// </summary>
internal static class MachinesPage
{
    public static async Task<IResult> Show(HttpContext context, ActorSystem system, IServiceProvider services, TimeProvider time, DashboardOptions options, string? fragment)
    {
        var builders = await ClusterApi.BuildersAsync(services, context.RequestAborted).ConfigureAwait(false);
        var now = time.GetUtcNow().UtcDateTime;
        var storeDir = RunsApi.StoreDirOf(services.GetService<CacheOptions>());
        var views = builders.Select(b => ClusterApi.ViewOf(b, storeDir, now)).OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
        var cache = services.GetService<CacheStatistics>() is { } statistics ? await statistics.GetAsync().ConfigureAwait(false) : null;
        var content = new StringBuilder();
        Builders(content, views, now);
        Coordinators(content, system, cache);
        if (fragment is not null)
        {
            return Results.Content(content.ToString(), "text/html; charset=utf-8");
        }

        var body = "<div class=\"head\"><h1>Machines</h1></div><div id=\"machines\" data-live-src=\"machines?fragment=1\" data-live-every=\"3\">" + content + "</div>";
        return Results.Content(PageLayout.Render(options, "machines", "Machines", body), "text/html; charset=utf-8");
    }

    private static void Builders(StringBuilder html, List<BuilderView> builders, DateTime now)
    {
        html.Append("<section aria-labelledby=\"h-builders\"><h2 id=\"h-builders\">Builders <span class=\"muted\">").Append(builders.Count).Append("</span></h2>");
        if (builders.Count == 0)
        {
            html.Append("<p class=\"empty\">No builder is registered with the scheduler.</p></section>");
            return;
        }

        html.Append("<div class=\"table-wrap\"><table class=\"machines\"><caption class=\"sr-only\">Builders registered with the scheduler</caption><thead><tr>")
            .Append("<th scope=\"col\">Builder</th><th scope=\"col\">Native</th><th scope=\"col\">Emulated (slowdown)</th><th scope=\"col\">Features</th>")
            .Append("<th scope=\"col\">Slots busy</th><th scope=\"col\" class=\"wide\">Builds now</th><th scope=\"col\">Last heard</th></tr></thead><tbody>");
        foreach (var b in builders)
        {
            var busy = b.Slots - b.FreeSlots;
            html.Append("<tr><th scope=\"row\">").Append(H(b.Name)).Append("<div class=\"muted small\">").Append(H(b.MachineClass))
                .Append(", speed ").Append(b.Speed.ToString("0.##", CultureInfo.InvariantCulture)).Append(", ").Append(b.CoresPerSlot).Append(" cores/slot</div></th>")
                .Append("<td>").Append(string.Join(" ", b.NativeSystems.Select(s => $"<span class=\"tag\">{H(s)}</span>"))).Append("</td>")
                .Append("<td>").Append(b.EmulatedSystems.Count == 0 ? "—" : string.Join(" ", b.EmulatedSystems.Select(e =>
                    $"<span class=\"tag emu\">{H(e.System)} ×{e.Slowdown.ToString("0.#", CultureInfo.InvariantCulture)}</span>"))).Append("</td>")
                .Append("<td>").Append(b.Features.Count == 0 ? "—" : H(string.Join(", ", b.Features))).Append("</td>")
                .Append("<td><span class=\"slots\" role=\"img\" aria-label=\"").Append(busy).Append(" of ").Append(b.Slots).Append(" slots busy\">");
            for (var i = 0; i < b.Slots && i < 64; i++)
            {
                html.Append(i < busy ? "<span class=\"slot busy\"></span>" : "<span class=\"slot\"></span>");
            }

            html.Append("</span> ").Append(busy).Append(" / ").Append(b.Slots).Append("</td><td class=\"wide\">");
            if (b.Running.Count == 0)
            {
                html.Append("<span class=\"muted\">idle</span>");
            }

            foreach (var r in b.Running)
            {
                var name = r.DrvPath[(r.DrvPath.LastIndexOf('/') + 1)..];
                html.Append("<div><a href=\"drv/").Append(U(name)).Append("\" title=\"").Append(H(name)).Append("\">").Append(H(DrvName(name))).Append("</a> <span class=\"muted\">")
                    .Append(Duration(TimeSpan.FromSeconds(r.ElapsedSeconds))).Append("</span></div>");
            }

            html.Append("</td><td>").Append(Duration(now - b.LastHeard)).Append(" ago</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
    }

    private static void Coordinators(StringBuilder html, ActorSystem system, CacheSnapshot? cache)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var state = cluster.State;
        var unreachable = state.Unreachable.Select(m => m.UniqueAddress).ToHashSet();
        var host = SchedulerHost.Of(state.Members);
        var coordinators = state.Members.Where(m => m.HasRole(AsterFarmRoles.Coordinator)).ToList();
        html.Append("<section aria-labelledby=\"h-coordinators\"><h2 id=\"h-coordinators\">Coordinators <span class=\"muted\">").Append(coordinators.Count).Append("</span></h2>")
            .Append("<div class=\"table-wrap\"><table><caption class=\"sr-only\">Coordinator nodes of the cluster</caption><thead><tr><th scope=\"col\">Node</th><th scope=\"col\">Status</th>")
            .Append("<th scope=\"col\">Roles</th><th scope=\"col\">Scheduler</th><th scope=\"col\">Cache replica</th></tr></thead><tbody>");
        foreach (var m in coordinators)
        {
            var self = m.Address.Equals(cluster.SelfAddress);
            var reachable = !unreachable.Contains(m.UniqueAddress);
            html.Append("<tr><th scope=\"row\">").Append(H(m.Address.ToString())).Append(self ? " <span class=\"tag\">this page</span>" : string.Empty).Append("</th>")
                .Append("<td>").Append(Badge(reachable ? m.Status.ToString() : "Unreachable")).Append("</td>")
                .Append("<td>").Append(H(string.Join(", ", m.Roles.Order(StringComparer.Ordinal)))).Append("</td>")
                .Append("<td>").Append(m.Equals(host) ? "<strong>hosts the scheduler</strong>" : "standby").Append("</td><td>")
                .Append(self && cache is not null ? $"{Number(cache.Paths)} paths, {Bytes(cache.NarBytes)}" : "<span class=\"muted\">see its own dashboard</span>")
                .Append("</td></tr>");
        }

        html.Append("</tbody></table></div></section>");
    }
}

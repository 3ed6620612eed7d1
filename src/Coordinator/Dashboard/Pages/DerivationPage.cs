using System.Text;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Coordinator.Scheduler.Api;
using AsterFarm.Coordinator.Scheduler.Dag;
using AsterFarm.Shared.BinaryCache;
using AsterFarm.Shared.Derivations;
using AsterFarm.Shared.Protocol.Builds;
using AsterFarm.Shared.Protocol.Dashboard;
using AsterFarm.Shared.Protocol.Runs;
using AsterFarm.Shared.Store;
using Microsoft.AspNetCore.Http;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Pages;

/// <summary>
/// <c>drv/{name}</c>: one derivation step: its path, system, builder, phases, outputs (with their narinfo and NAR in
/// the cache), failed tries, and its log: followed live from the builder while it builds
/// (<see cref="Live.BuildLogStream"/>), the whole log from the cache after.
/// </summary>
internal static class DerivationPage
{
    public static async Task<IResult> Show(string name, HttpContext context, SchedulerQuery scheduler, DashboardOptions options, IBinaryCacheStore store, CacheOptions cache)
    {
        if (!StorePath.TryParse(name, out var drv, out var error) || !drv.IsDerivation)
        {
            return RunDetailPage.NotFound(options, $"'{name}' is not a derivation's file name: {error ?? "it does not end in .drv"}");
        }

        var storeDir = RunsApi.StoreDirOf(cache);
        var report = await scheduler.AskAsync<DerivationReport>(new GetDerivation(drv), context.RequestAborted).ConfigureAwait(false);
        var outputs = await OutputsAsync(store, drv, storeDir, context.RequestAborted).ConfigureAwait(false);
        var running = report is { Known: true, State: BuildState.Running };
        var body = new StringBuilder()
            .Append("<div class=\"head\"><h1>").Append(H(DrvName(drv.BaseName))).Append(' ')
            .Append("<span id=\"drv-state\">").Append(report is { Known: true } ? Badge(report.State.ToString()) : string.Empty).Append("</span></h1></div>")
            .Append("<p class=\"meta\"><code class=\"path\">").Append(H(storeDir.Print(drv))).Append("</code></p>");
        if (report is null)
        {
            body.Append("<p class=\"notice\" role=\"alert\">The scheduler did not answer in time; what the cache holds is below.</p>");
        }
        else if (!report.Known)
        {
            body.Append("<p class=\"notice\">No run of this scheduler holds this derivation (it may come from before the scheduler's last hand-over).</p>");
        }
        else
        {
            Facts(body, report);
            Phases(body, report.Timings);
            Attempts(body, report);
        }

        OutputsTable(body, outputs);
        body.Append("<section aria-labelledby=\"h-log\"><div class=\"subhead\"><h2 id=\"h-log\">Log</h2>")
            .Append("<a href=\"log/").Append(U(drv.BaseName)).Append("\">raw log</a>")
            .Append("<label class=\"follow\"><input type=\"checkbox\" id=\"follow\" checked> follow</label></div>")
            .Append("<pre id=\"log\" class=\"log\" tabindex=\"0\" aria-label=\"Build log\" data-running=\"").Append(running ? "true" : "false")
            .Append("\" data-stream=\"drv/").Append(U(drv.BaseName)).Append("/log-events\" data-full=\"log/").Append(U(drv.BaseName)).Append("\">")
            .Append(running ? "Waiting for the builder's output…" : "Loading the log from the cache…")
            .Append("</pre><p id=\"log-note\" class=\"muted small\"></p></section>");
        return Results.Content(PageLayout.Render(options, "runs", DrvName(drv.BaseName), body.ToString(), $"data-drv=\"{H(drv.BaseName)}\""), "text/html; charset=utf-8");
    }

    private static void Facts(StringBuilder body, DerivationReport r)
    {
        body.Append("<dl class=\"facts\"><div><dt>System</dt><dd>").Append(H(r.System)).Append("</dd></div>")
            .Append("<div><dt>Builder</dt><dd>").Append(r.Node is { } node ? H(node.Value) + (r.Emulated ? " <span class=\"tag emu\">emulated</span>" : " <span class=\"tag\">native</span>") : "—").Append("</dd></div>")
            .Append("<div><dt>Started</dt><dd>").Append(r.StartedUtc is { } started ? Time(started) : "—").Append("</dd></div>")
            .Append("<div><dt>").Append(r.EndedUtc is null && r.StartedUtc is not null ? "Running for" : "Took").Append("</dt><dd>")
            .Append(r.StartedUtc is { } s ? Duration((r.EndedUtc ?? DateTime.UtcNow) - s) : "—").Append("</dd></div>")
            .Append("<div><dt>Runs</dt><dd>").Append(string.Join(" ", r.Runs.Select(run => $"<a href=\"runs/{run}\"><code>{run.ToString()[..8]}</code></a>"))).Append("</dd></div></dl>");
        if (r.Reason is { } reason)
        {
            body.Append("<p class=\"reason-box").Append(r.State is BuildState.Failed or BuildState.DependencyFailed ? " bad" : string.Empty).Append("\"><strong>")
                .Append(r.State is BuildState.Waiting ? "Waits: " : "Reason: ").Append("</strong>").Append(H(reason)).Append("</p>");
        }

        if (r.LogTail is { } tail)
        {
            body.Append("<details open><summary>Last log lines of the failed build</summary><pre class=\"tail\">").Append(H(tail)).Append("</pre></details>");
        }
    }

    private static void Phases(StringBuilder body, PhaseTimings? timings)
    {
        if (timings is null)
        {
            return;
        }

        (string Name, TimeSpan Time)[] phases = [("fetch inputs", timings.Fetch), ("sandbox setup", timings.Setup), ("build", timings.Build), ("scan references", timings.Scan), ("upload outputs", timings.Upload)];
        var total = Math.Max(1e-6, timings.Total.TotalSeconds);
        body.Append("<section aria-labelledby=\"h-phases\"><h2 id=\"h-phases\">Phases</h2><div class=\"table-wrap\"><table class=\"phases\"><caption class=\"sr-only\">Where the build's time went</caption>")
            .Append("<thead><tr><th scope=\"col\">Phase</th><th scope=\"col\" class=\"num\">Time</th><th scope=\"col\" class=\"wide\">Share</th></tr></thead><tbody>");
        foreach (var (name, time) in phases)
        {
            var share = 100 * time.TotalSeconds / total;
            body.Append("<tr><th scope=\"row\">").Append(name).Append("</th><td class=\"num\">").Append(Duration(time)).Append("</td><td class=\"wide\"><span class=\"share\" style=\"width:")
                .Append(share.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)).Append("%\"></span></td></tr>");
        }

        body.Append("</tbody></table></div></section>");
    }

    private static void Attempts(StringBuilder body, DerivationReport r)
    {
        if (r.Attempts.Count == 0)
        {
            return;
        }

        body.Append("<section aria-labelledby=\"h-attempts\"><h2 id=\"h-attempts\">Failed tries</h2><div class=\"table-wrap\"><table><caption class=\"sr-only\">Failed tries of this derivation</caption>")
            .Append("<thead><tr><th scope=\"col\" class=\"num\">Try</th><th scope=\"col\">Builder</th><th scope=\"col\">Class</th><th scope=\"col\">When</th><th scope=\"col\" class=\"wide\">Reason</th></tr></thead><tbody>");
        foreach (var a in r.Attempts)
        {
            body.Append("<tr><td class=\"num\">").Append(a.Attempt).Append("</td><td>").Append(H(a.Node.Value)).Append("</td><td>").Append(H(a.Class.ToString()))
                .Append("</td><td>").Append(Time(a.AtUtc)).Append("</td><td class=\"wide\">").Append(H(a.Reason)).Append("</td></tr>");
        }

        body.Append("</tbody></table></div></section>");
    }

    private static void OutputsTable(StringBuilder body, IReadOnlyList<(string Name, StorePath Path, string? NarUrl)>? outputs)
    {
        body.Append("<section aria-labelledby=\"h-outputs\"><h2 id=\"h-outputs\">Outputs</h2>");
        if (outputs is null)
        {
            body.Append("<p class=\"muted\">The cache does not hold this .drv file, so its outputs are unknown here.</p></section>");
            return;
        }

        body.Append("<div class=\"table-wrap\"><table><caption class=\"sr-only\">Outputs and where the cache serves them</caption><thead><tr><th scope=\"col\">Output</th><th scope=\"col\" class=\"wide\">Store path</th><th scope=\"col\">In the cache</th></tr></thead><tbody>");
        foreach (var (name, path, nar) in outputs)
        {
            body.Append("<tr><th scope=\"row\">").Append(H(name)).Append("</th><td class=\"wide\"><code>").Append(H(path.BaseName)).Append("</code></td><td>")
                .Append(nar is null ? "<span class=\"muted\">not yet</span>" : $"<a href=\"{path.HashPart}.narinfo\">narinfo</a> · <a href=\"{H(nar)}\">NAR</a>").Append("</td></tr>");
        }

        body.Append("</tbody></table></div></section>");
    }

    /// <summary>The outputs named in the <c>.drv</c> the cache holds, with the NAR URL of those already built; null when the cache lacks the .drv.</summary>
    private static async Task<IReadOnlyList<(string, StorePath, string?)>?> OutputsAsync(IBinaryCacheStore store, StorePath drv, StoreDir storeDir, CancellationToken cancellationToken)
    {
        byte[]? bytes;
        try
        {
            bytes = await CacheDerivationReader.ReadAsync(store, drv, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            return null;
        }

        if (bytes is null || !DerivationParser.TryParse(bytes, storeDir, out var derivation, out _))
        {
            return null;
        }

        var outputs = new List<(string, StorePath, string?)>();
        foreach (var (name, output) in derivation!.Outputs)
        {
            if (output.Path is { } path)
            {
                var info = await store.GetNarInfoAsync(path.HashPart, cancellationToken).ConfigureAwait(false);
                outputs.Add((name, path, info?.Url));
            }
        }

        return outputs;
    }
}

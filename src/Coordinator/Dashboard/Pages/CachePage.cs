using System.Globalization;
using System.Text;
using AsterFarm.Coordinator.Cache;
using AsterFarm.Coordinator.Dashboard.Cache;
using AsterFarm.Coordinator.Dashboard.Html;
using AsterFarm.Shared.BinaryCache;
using Microsoft.AspNetCore.Http;
using static AsterFarm.Coordinator.Dashboard.Html.HtmlText;

namespace AsterFarm.Coordinator.Dashboard.Pages;

/// <summary><c>cache</c>: this coordinator's cache replica: size, paths, narinfo hit rate, garbage collection settings.</summary>
internal static class CachePage
{
    public static async Task<IResult> Show(CacheStatistics statistics, NarInfoLookups lookups, IBinaryCacheStore store, CacheOptions cache, DashboardOptions options)
    {
        var snapshot = await statistics.GetAsync().ConfigureAwait(false);
        var lookedUp = lookups.Hits + lookups.Misses;
        var rate = lookedUp == 0 ? "—" : (100.0 * lookups.Hits / lookedUp).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        var body = new StringBuilder("<div class=\"head\"><h1>Cache</h1></div>")
            .Append("<p class=\"meta\">This coordinator's replica of the binary cache. Public key: <code>").Append(H(store.PublicKey.ToString())).Append("</code></p>")
            .Append("<dl class=\"facts cards\">")
            .Append("<div><dt>Store paths</dt><dd>").Append(Number(snapshot.Paths)).Append("</dd></div>")
            .Append("<div><dt>NAR bytes</dt><dd>").Append(Bytes(snapshot.NarBytes)).Append(" <span class=\"muted\">in ").Append(Number(snapshot.NarFiles)).Append(" files</span></dd></div>")
            .Append("<div><dt>Build logs</dt><dd>").Append(Number(snapshot.Logs)).Append("</dd></div>")
            .Append("<div><dt>Narinfo hit rate</dt><dd>").Append(rate).Append(" <span class=\"muted\">").Append(Number(lookups.Hits)).Append(" found, ")
            .Append(Number(lookups.Misses)).Append(" missing since start</span></dd></div>")
            .Append("<div><dt>Size cap</dt><dd>").Append(cache.MaxBytes is { } max ? Bytes(max) : "none").Append("</dd></div>")
            .Append("<div><dt>Garbage collection</dt><dd>")
            .Append(cache.MaxBytes is null ? "off (no size cap)" : "every " + Duration(cache.GarbageCollectionInterval) + "; results in the coordinator's log")
            .Append("</dd></div></dl>")
            .Append("<p class=\"muted small\">Counted ").Append(Time(snapshot.ScannedAt.UtcDateTime)).Append(" UTC from <code>").Append(H(cache.Directory)).Append("</code>; recounted at most every ")
            .Append(Duration(options.CacheScanInterval)).Append(".</p>");
        return Results.Content(PageLayout.Render(options, "cache", "Cache", body.ToString()), "text/html; charset=utf-8");
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard.Cache;

/// <summary>
/// Counts the narinfo lookups this coordinator answered since it started, found (200) or not (404): the cache's hit
/// rate as Nix clients and builders see it. A middleware in front of the cache's endpoints, so the cache's own request
/// handling stays as it is.
/// </summary>
internal sealed class NarInfoLookups : IStartupFilter
{
    private long _hits;
    private long _misses;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            await following(context).ConfigureAwait(false);
            var path = context.Request.Path.Value;
            if (path is not null && path.EndsWith(".narinfo", StringComparison.Ordinal) && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
            {
                if (context.Response.StatusCode == StatusCodes.Status200OK)
                {
                    Interlocked.Increment(ref _hits);
                }
                else if (context.Response.StatusCode == StatusCodes.Status404NotFound)
                {
                    Interlocked.Increment(ref _misses);
                }
            }
        });
        next(app);
    };
}

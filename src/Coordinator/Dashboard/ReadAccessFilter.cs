using AsterFarm.Coordinator.Cache;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard;

/// <summary>
/// Reads are open unless <see cref="DashboardOptions.ReadsNeedToken"/>: then the token is needed, as a bearer token or
/// as the basic-auth password, which the browser asks for once (answer 401 with a <c>Basic</c> challenge).
/// </summary>
internal sealed class ReadAccessFilter(DashboardOptions options, CacheAccessToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (options.ReadsNeedToken && !token.Authorizes(context.HttpContext.Request))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Basic realm=\"AsterFarm\", charset=\"UTF-8\"";
            return Results.Text("the dashboard needs the farm's token (user name: any, password: the token)\n", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context).ConfigureAwait(false);
    }
}

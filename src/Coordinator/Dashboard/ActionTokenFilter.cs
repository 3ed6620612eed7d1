using AsterFarm.Coordinator.Cache;
using Microsoft.AspNetCore.Http;

namespace AsterFarm.Coordinator.Dashboard;

/// <summary>
/// Every dashboard action (cancel, rebuild failed) needs the token in an <c>Authorization: Bearer</c> header, which
/// only the page's script sets: a browser never sends that header on its own (unlike cookies or cached basic-auth
/// credentials), so another site cannot make a visitor's browser act (CSRF). Without a configured token every action
/// is refused.
/// </summary>
internal sealed class ActionTokenFilter(CacheAccessToken token) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        if (!token.IsConfigured)
        {
            return Results.Problem("this coordinator has no token configured, so it refuses every action", statusCode: StatusCodes.Status403Forbidden);
        }

        var bearer = request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (!bearer || !token.Authorizes(request))
        {
            return Results.Problem("this action needs the farm's token (Authorization: Bearer)", statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context).ConfigureAwait(false);
    }
}
